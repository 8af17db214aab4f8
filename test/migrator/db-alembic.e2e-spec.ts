import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';

const TAG_ENTITY = `import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'tags' })
export class Tag {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 40 })
  label!: string;
}
`;

describe('Alembic habits: the db command understands its verbs and says what it runs', () => {
  let database: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;
  let names: string[];

  const run = (...args: string[]) => dbProcess(args, database.url, { cwd: project.dir });

  beforeAll(async () => {
    database = await createScratchDatabase('alembic');
    project = await createScratchProject();
    names = (await readdir(join(project.dir, 'migrations')))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('upgrade head, current, heads', async () => {
    const upgrade = await run('upgrade', 'head');
    expect(upgrade.code).toBe(0);
    expect(upgrade.stderr).toContain('(alembic) upgrade head → npm run db -- up');
    expect(upgrade.stdout).toContain(`${names.length} migrations applied`);
    const current = await run('current');
    expect(current.stderr).toContain('(alembic) current → npm run db -- status --short');
    expect(current.stdout.trim()).toBe(`${names.at(-1)} (head)`);
    expect(current.code).toBe(0);
    const heads = await run('heads');
    expect(heads.stdout).toContain(names.at(-1));
    expect(heads.stdout).not.toContain(names[0]);
    // Numbered by its place in the history, as `history` numbers it, online and from the files.
    expect(heads.stdout).toMatch(new RegExp(`^${names.length}\\s+${names.at(-1)}\\s`, 'm'));
    const offline = await run('history', '--offline', '--last');
    expect(offline.stdout).toMatch(new RegExp(`^${names.length}\\s+${names.at(-1)}\\s+file\\s`, 'm'));
  });

  it('downgrade -1, upgrade +1, down -1, downgrade base and upgrade NAME', async () => {
    const downgrade = await run('downgrade', '-1');
    expect(downgrade.stderr).toContain('(alembic) downgrade -1 → npm run db -- down --steps 1');
    expect(downgrade.stdout).toContain(`↓ ${names.at(-1)}`);
    const behind = await run('current');
    expect(behind.stdout.trim()).toBe(`${names.at(-2)} (1 pending)`);
    expect(behind.code).toBe(3);
    expect((await run('upgrade', '+1')).stdout).toContain(`↑ ${names.at(-1)}`);
    const down = await run('down', '-1');
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`↓ ${names.at(-1)}`);
    expect((await run('downgrade', 'base')).stdout).toContain(`↓ ${names[0]}`);
    const upgradeTo = await run('upgrade', names[0]);
    expect(upgradeTo.stdout).toContain(`↑ ${names[0]}`);
    expect(upgradeTo.stdout).not.toContain(`↑ ${names.at(-1)}`);
    expect((await run('upgrade', 'head')).code).toBe(0);
  });

  it('upgrade head --sql renders offline, the note kept off stdout so it can be piped', async () => {
    const sql = await run('upgrade', 'head', '--sql');
    expect(sql.code).toBe(0);
    expect(sql.stdout.split('\n')[0]).toBe('-- life-platter-api migrations: up from base to head');
    expect(sql.stderr).toContain('(alembic) upgrade head --sql → npm run db -- sql --from base --to head');
    expect(sql.stdout).not.toContain('(alembic)');
  });

  it('check, then revision --autogenerate -m writes the migration, then check is clean', async () => {
    expect((await run('check')).code).toBe(0);
    await mkdir(join(project.dir, 'src', 'tag'));
    await writeFile(join(project.dir, 'src', 'tag', 'tag.entity.ts'), TAG_ENTITY);
    const dirty = await run('check');
    expect(dirty.code).toBe(8);
    expect(dirty.stdout).toContain('the entities have 1 change(s) that no migration holds, applied or pending');
    expect(dirty.stdout).toContain('create table `tags`');
    const revision = await run('revision', '--autogenerate', '-m', 'add_tags');
    expect(revision.stderr).toContain(
      '(alembic) revision --autogenerate -m add_tags → npm run db -- create --name add_tags',
    );
    expect(revision.code).toBe(0);
    expect(revision.stdout).toMatch(/Migration\d{14}_add_tags\.ts successfully created/);
    expect((await readdir(join(project.dir, 'migrations'))).some((file) => /_add_tags\.ts$/.test(file))).toBe(true);
    expect((await run('check')).code).toBe(0);
    expect((await run('upgrade', 'head')).stdout).toMatch(/↑ Migration\d{14}_add_tags/);
  });

  it('an unknown command suggests the closest ones', async () => {
    const typo = await run('upp');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('error: unknown command "upp"; did you mean `up`?');
  });
});

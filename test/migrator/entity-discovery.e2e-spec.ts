import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { mikroOrm, runBin } from '../support/run-cli.js';

const NEW_ENTITY = `import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'widgets' })
export class Widget {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 80 })
  label!: string;
}
`;

describe('entity discovery by folder', () => {
  let db: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;

  beforeAll(async () => {
    db = await createScratchDatabase('discovery');
    project = await createScratchProject();
  });
  afterAll(async () => {
    await project?.remove();
    await db?.drop();
  });

  it('finds nothing to do while the entities match the committed migrations', async () => {
    const result = await mikroOrm(['migration:create'], db.url, { cwd: project.dir });
    expect(result.output).toMatch(/No changes required/);
    expect(result.code).toBe(0);
  });

  it('puts an entity from a new feature folder into the next migration with no other edit', async () => {
    const before = new Set(await readdir(join(project.dir, 'migrations')));
    await mkdir(join(project.dir, 'src', 'widget'));
    await writeFile(join(project.dir, 'src', 'widget', 'widget.entity.ts'), NEW_ENTITY);

    const result = await mikroOrm(['migration:create'], db.url, { cwd: project.dir });
    expect(result.output).toMatch(/successfully created/);
    expect(result.code).toBe(0);

    const created = (await readdir(join(project.dir, 'migrations'))).filter((file) => !before.has(file));
    expect(created).toEqual([expect.stringMatching(/^Migration\d{14}\.ts$/)]);
    const code = await readFile(join(project.dir, 'migrations', created[0]), 'utf8');
    expect(code).toContain('create table \\`widgets\\`');
    expect(code).toContain('\\`label\\` varchar(80) not null');
    expect(code).not.toContain('cookings');
    // Formatted as it is written, so `npm test` (Prettier through ESLint) passes with no manual step.
    const check = await runBin('prettier', ['--check', join('migrations', created[0])], { cwd: project.dir });
    expect(check.output).toContain('All matched files use Prettier code style!');
    expect(check.code).toBe(0);
  });
});

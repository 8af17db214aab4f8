import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { entitySource, newDatabase, TeamProject } from '../support/team-project.js';

/**
 * A team's week, played as a script of the commands people type and git, in a checkout of its
 * own: two branches that each add a module and a migration, merged with the snapshot conflict
 * resolved by the documented command; a rename done with split; a property dropped in
 * development, then shipped to production with the markers the warning names; a fresh database
 * brought to head in one `up`. Every printed piece of advice on the way is followed literally.
 */
describe("a team's week: branches, a merge, a rename, a drop, a fresh database", () => {
  const alice = newDatabase('week_alice');
  const bob = newDatabase('week_bob');
  const ci = newDatabase('week_ci');
  const prod = newDatabase('week_prod');
  let project: TeamProject;
  const asBob = { DATABASE_URL: bob.url };
  const names = async (pattern: RegExp) => (await project.migrations()).filter((name) => pattern.test(name));

  beforeAll(async () => {
    // Alice's checkout; Bob's database is named in his shell (a variable set there wins over .env).
    project = await TeamProject.create(alice.url);
    expect((await project.db(['up'])).code).toBe(0);
    expect((await project.db(['up'], asBob)).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await Promise.all([alice, bob, ci, prod].map((database) => database.drop()));
  });

  it('Monday: two branches each add a module; the merge conflicts in the snapshot, and `db snapshot` resolves it', async () => {
    await project.git('checkout', '-q', '-b', 'tags');
    await project.write(
      'src/tags/tag.entity.ts',
      entitySource('Tag', 'tags', [
        "@Property({ type: 'string', length: 50 })\n  label!: string;",
        "@Property({ type: 'string', length: 20, nullable: true })\n  color: string | null = null;",
      ]),
    );
    expect((await project.db(['create', '--name', 'tags'])).code).toBe(0);
    expect((await project.db(['up'])).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'tags');

    await project.git('checkout', '-q', 'main');
    await project.git('checkout', '-q', '-b', 'notes');
    await project.write(
      'src/notes/note.entity.ts',
      entitySource('Note', 'notes', ["@Property({ type: 'text', nullable: true })\n  body: string | null = null;"]),
    );
    expect((await project.db(['create', '--name', 'notes'], asBob)).code).toBe(0);
    expect((await project.db(['up'], asBob)).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'notes');

    await project.git('checkout', '-q', 'main');
    expect((await project.git('merge', '-q', 'tags')).code).toBe(0);
    const merge = await project.git('merge', 'notes', '-m', 'merge notes');
    expect(merge.code).not.toBe(0);
    expect(merge.output).toMatch(/CONFLICT \(content\): Merge conflict in migrations\/\.snapshot\.json/);

    // `create` diffs against the snapshot: it refuses one with conflict markers, naming the fix.
    const create = await project.db(['create', '--name', 'after_merge'], asBob);
    expect(create.code).toBe(14);
    expect(create.stderr).toContain('cannot be read (it holds merge conflict markers)');
    // MikroORM's own check refuses it too (its CLI exits 1 on every error).
    const npxCheck = await project.mikroOrm(['migration:check'], asBob);
    expect(npxCheck.code).toBe(1);
    expect(npxCheck.output).toContain('cannot be read (it holds merge conflict markers)');
    expect(npxCheck.output).not.toContain('No changes required');
    const rebuilt = await project.follow(create.stderr, asBob);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('They hold every entity change.');
    expect((await project.git('add', 'migrations/.snapshot.json')).code).toBe(0);
    expect((await project.git('commit', '-q', '--no-edit')).code).toBe(0);

    // Bob's database has notes but not tags, which sorts before it: check counts the pending one.
    const check = await project.db(['check'], asBob);
    expect(check.stdout).toContain('check: no changes: the 6 migration file(s) hold every entity change');
    expect(check.code).toBe(0);
    const status = await project.db(['status'], asBob);
    expect(status.code).toBe(4);
    const [tags] = await names(/_tags$/);
    expect(status.stdout).toContain(`migration ${tags} is pending but sorts before the last applied migration`);
    const applied = await project.follow(status.stdout, asBob);
    expect(applied.stdout).toMatch(new RegExp(`↑ ${tags} {2}applied`));
    expect(applied.code).toBe(0);
    expect((await project.db(['status'], asBob)).code).toBe(0);
    // Nothing is left for a duplicate migration to hold.
    const again = await project.db(['create', '--name', 'after_merge'], asBob);
    expect(again.stdout).toContain('No changes required');
    expect(await names(/after_merge/)).toEqual([]);
  });

  it('Tuesday: a column rename goes through split, expand first, contract in its window', async () => {
    await project.edit(
      'src/notes/note.entity.ts',
      "@Property({ type: 'text', nullable: true })",
      "@Property({ type: 'text', nullable: true, fieldName: 'content' })",
    );
    const create = await project.db(['create', '--name', 'content'], asBob);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('[rename-column]');
    const split = await project.follow(create.stdout, asBob);
    expect(split.code).toBe(0);
    const [expand, contract] = await names(/_content$/);
    expect(split.stdout).toContain(`split: ${expand} is the expand migration, ${contract} the contract one`);
    const up = await project.follow(split.stdout, asBob);
    expect(up.stdout).toMatch(new RegExp(`↑ ${expand} {2}applied`));
    expect(up.stdout).toContain(`Stopping before 1 contract migration(s): ${contract}`);
    const contracted = await project.follow(up.stdout, asBob);
    expect(contracted.stdout).toMatch(new RegExp(`↑ ${contract} {2}applied`));
    expect((await project.db(['check'], asBob)).code).toBe(0);
    expect((await project.db(['drift'], asBob)).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'notes.body is stored as content');
  });

  it('Wednesday: a property dropped in development applies with a warning, then ships with the markers it names', async () => {
    // Alice pulls the week: up stops before Bob's contract migration, and says how to apply it.
    const synced = await project.db(['up']);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain('Stopping before 1 contract migration(s)');
    expect((await project.follow(synced.stdout)).code).toBe(0);
    await project.edit(
      'src/tags/tag.entity.ts',
      "  @Property({ type: 'string', length: 20, nullable: true })\n  color: string | null = null;\n",
      '',
    );
    expect((await project.db(['create', '--name', 'drop_color'])).code).toBe(0);
    const [drop] = await names(/_drop_color$/);
    const dev = await project.db(['up']);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain(`warning: ${drop} is applied here, but in production \`up\` refuses it until it has`);
    expect(dev.stdout).toContain("`allowDestructive = '<why>'` on its class");
    expect(dev.stdout).toContain("or `allowBreaking = '<why>'` on its class");

    const refused = await project.db(['up'], { DATABASE_URL: prod.url, NODE_ENV: 'production' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to apply ${drop} in production: it has destructive statements:`);
    expect(refused.stderr).toContain("add `allowBreaking = '<why>'` too");
    expect((await project.db(['status', '--short'], { DATABASE_URL: prod.url })).stdout).toMatch(/^base /);
    // The markers the warning named, on the class: the statements (and the checksum) stay as they are.
    await project.edit(
      `migrations/${drop}.ts`,
      `  override name = '${drop}';\n`,
      `  override name = '${drop}';\n  allowDestructive = 'tags.color was never shown';\n  allowBreaking = 'no release reads tags.color';\n`,
    );
    expect((await project.db(['lint'])).code).toBe(0);
    const shipped = await project.db(['up'], { DATABASE_URL: prod.url, NODE_ENV: 'production' });
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toContain(`note: ${drop} runs destructive statements, allowed by its marker`);
    expect((await project.db(['status'])).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'tags.color goes');
  });

  it('Friday: a migration renamed after Bob applied it; his status names the rename and its printed fix undoes it', async () => {
    await project.edit(
      'src/cooking/cooking.entity.ts',
      "  @Property({ type: 'text', nullable: true, comment: '説明' })",
      "  @Property({ type: 'integer', nullable: true })\n  rating: number | null = null;\n\n  @Property({ type: 'text', nullable: true, comment: '説明' })",
    );
    expect((await project.db(['create', '--name', 'rating'])).code).toBe(0);
    const [applied] = await names(/_rating$/);
    expect((await project.db(['up'], asBob)).code).toBe(0);
    // Pending in Alice's database, so rename lets her (it cannot know Bob's).
    expect((await project.db(['rename', applied])).code).toBe(0);
    const [renamed] = await names(/_rating$/);
    expect(renamed).not.toBe(applied);
    const status = await project.db(['status'], asBob);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain(`pending ${renamed} holds exactly its statements, so it was renamed`);
    const back = await project.follow(status.stdout, asBob, /^rename /);
    expect({ code: back.code, output: back.stdout }).toMatchObject({ code: 0 });
    expect(await names(/_rating$/)).toEqual([applied]);
    expect((await project.db(['status'], asBob)).code).toBe(0);
    expect((await project.db(['up'])).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'rating');
  });

  it('a fresh database reaches head in one `up`, contract migrations included, and nothing drifts', async () => {
    const files = await project.migrations();
    const up = await project.db(['up'], { DATABASE_URL: ci.url });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/Nothing is applied to this database yet, so no release runs on it: its 1 contract/);
    expect(up.stdout).toContain(`${files.length} migrations applied`);
    expect((await project.db(['status'], { DATABASE_URL: ci.url })).code).toBe(0);
    expect((await project.db(['drift'], { DATABASE_URL: ci.url })).code).toBe(0);
    // The MikroORM CLI takes the same path.
    const other = newDatabase('week_cli');
    try {
      const cli = await project.mikroOrm(['migration:up'], { DATABASE_URL: other.url });
      expect(cli.code).toBe(0);
      expect(cli.output).toContain(`${files.length} migrations applied`);
    } finally {
      await other.drop();
    }
    await rm(join(project.dir, 'migrations', '.snapshot.json'));
    const missing = await project.db(['check']);
    expect(missing.code).toBe(14);
    expect((await project.follow(missing.stdout)).code).toBe(0);
    expect((await project.git('status', '--porcelain')).stdout).toBe('');
  });
});

import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import type { CliResult } from '../support/run-cli.js';
import { createRelease, editFile, startRelease, type Release, type RunningRelease } from '../support/release.js';
import { checkWrites, startTraffic } from '../support/rolling-traffic.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';

const ENTITY = 'src/cooking/cooking.entity.ts';
const PRODUCTION = { NODE_ENV: 'production' };
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One change the compatibility lint refuses, done the way its advice says: `base` gives the
 * release that runs now what the change removes (a migration applied before the deploy), `next`
 * edits the next release's entities, `afterCreate` does what `create` printed (split, markers).
 */
interface Recipe {
  name: string;
  base?: (release: Release) => Promise<void>;
  next: (release: Release) => Promise<void>;
  afterCreate?: (release: Release, created: string[], output: string, db: DbIn) => Promise<void>;
}

/** The project's `db` command, run in a release's folder against the deploy's database. */
type DbIn = (args: string[]) => Promise<CliResult>;

/** The migration files a release has that the one before it did not. */
async function newMigrations(release: Release, before: string[]): Promise<string[]> {
  return (await readdir(join(release.dir, 'migrations')))
    .filter((file) => file.endsWith('.ts') && !before.includes(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

async function migrationsOf(release: Release): Promise<string[]> {
  return readdir(join(release.dir, 'migrations'));
}

/** Adds a marker line to a migration class, as a user does when the printed advice says to. */
async function addMarker(release: Release, name: string, marker: string): Promise<void> {
  await editFile(release, `migrations/${name}.ts`, (source) =>
    source.replace(/(override name = '[^']+';\n)/, `$1  ${marker}\n`),
  );
}

async function createIn(release: Release, database: ScratchDatabase, name: string) {
  const before = await migrationsOf(release);
  const created = await dbProcess(['create', '--name', name], database.url, { cwd: release.dir });
  expect(created.code).toBe(0);
  return { files: await newMigrations(release, before), output: created.output };
}

/**
 * The deploy: release A serves under traffic; the job of release B applies its expand
 * migration; B starts beside A (both serve, round robin); A stops; the job applies the contract
 * migration; B serves alone. Every request must succeed and every acknowledged write must read
 * back right through B afterwards, whichever release wrote it.
 */
async function rollOut(recipe: Recipe) {
  const database = await createScratchDatabase(`roll_${recipe.name}`);
  const releases: Release[] = [];
  const running: RunningRelease[] = [];
  let traffic: ReturnType<typeof startTraffic> | undefined;
  try {
    const current = await createRelease('A');
    releases.push(current);
    if (recipe.base) {
      await recipe.base(current);
    }
    expect((await dbProcess(['up'], database.url, { cwd: current.dir })).code).toBe(0);
    const next = await createRelease('B', current);
    releases.push(next);
    await recipe.next(next);
    const created = await createIn(next, database, recipe.name);
    await recipe.afterCreate?.(next, created.files, created.output, (args) =>
      dbProcess(args, database.url, { cwd: next.dir }),
    );

    const a = await startRelease(current, database.url);
    running.push(a);
    let live = [a];
    traffic = startTraffic(() => live);
    await pause(1_000);
    const expand = await dbProcess(['up'], database.url, { cwd: next.dir, env: PRODUCTION });
    expect(expand.output).not.toMatch(/^error/m);
    expect(expand.code).toBe(0);
    const b = await startRelease(next, database.url);
    running.push(b);
    live = [a, b];
    await pause(2_000);
    live = [b];
    await a.stop();
    const contract = await dbProcess(['up', '--contract'], database.url, { cwd: next.dir, env: PRODUCTION });
    expect(contract.output).not.toMatch(/^error/m);
    expect(contract.code).toBe(0);
    await pause(1_000);
    const report = await traffic.stop();
    const wrong = await checkWrites(b, report.writes);
    const status = await dbProcess(['status'], database.url, { cwd: next.dir });
    const drift = await dbProcess(['drift'], database.url, { cwd: next.dir });
    console.log(
      `rolling deploy, ${recipe.name}: ${report.requests} requests, ${report.failed.length} failed, ` +
        `${report.writes.size} writes checked, ${wrong.length} wrong`,
    );
    expect(report.failed).toEqual([]);
    expect(wrong).toEqual([]);
    expect(report.writes.size).toBeGreaterThan(20);
    expect(status.code).toBe(0);
    // After the contract migration the schema is exactly what release B's entities say.
    expect(drift.output).not.toMatch(/DRIFT/);
    expect(drift.code).toBe(0);
    return { database, created };
  } finally {
    await traffic?.stop();
    await Promise.all(running.map((release) => release.stop()));
    await Promise.all(releases.map((release) => release.remove()));
    await database.drop();
  }
}

/** Two releases, a migrate job and a request loop per recipe: ~40 s alone, far more on two busy cores. */
const RECIPE_TIMEOUT_MS = 300_000;
describe('rolling deploy: two releases side by side on one database, every recipe of the advice', () => {
  it(
    'rename a column: create warns, `db split` writes add + triggers + backfill, then the drop',
    async () => {
      await rollOut({
        name: 'rename_column',
        next: (release) =>
          editFile(release, ENTITY, (source) =>
            source.replace("comment: '説明' })", "comment: '説明', fieldName: 'notes' })"),
          ),
        async afterCreate(release, [created], output, db) {
          expect(output).toContain('[rename-column]');
          expect(output).toContain("`@Property({ fieldName: '<old column>' })`");
          const split = await db(['split', created]);
          expect(split.output).toMatch(/split: \S+ is the expand migration, \S+ the contract one/);
          expect(split.code).toBe(0);
        },
      });
    },
    RECIPE_TIMEOUT_MS,
  );

  it(
    'drop a NOT NULL column: expand makes it nullable, so the next release inserts without it',
    async () => {
      await rollOut({
        name: 'drop_column',
        async base(release) {
          await editFile(release, ENTITY, (source) =>
            source.replace(
              "  @Property({ type: 'text', nullable: true, comment: '説明' })",
              "  @Property({ type: 'integer' })\n  servings: number = 1;\n\n  @Property({ type: 'text', nullable: true, comment: '説明' })",
            ),
          );
          const database = await createScratchDatabase('roll_base');
          try {
            const [fixture] = (await createIn(release, database, 'servings')).files;
            await addMarker(release, fixture, "allowBreaking = 'the fixture column of the release before';");
          } finally {
            await database.drop();
          }
        },
        next: (release) =>
          editFile(release, ENTITY, (source) =>
            source.replace("  @Property({ type: 'integer' })\n  servings: number = 1;\n\n", ''),
          ),
        async afterCreate(release, [created], output, db) {
          expect(output).toContain('[drop-column]');
          const split = await db(['split', created]);
          expect(split.code).toBe(0);
          const [, contract] = await newMigrations(release, []).then((all) => all.slice(-2));
          await addMarker(release, contract, "allowDestructive = 'servings is no longer used';");
        },
      });
    },
    RECIPE_TIMEOUT_MS,
  );

  it(
    'drop a table: the next release stops using it, the contract migration drops it',
    async () => {
      const note = 'src/cooking/cooking-note.entity.ts';
      await rollOut({
        name: 'drop_table',
        async base(release) {
          await writeFile(
            join(release.dir, note),
            [
              "import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';",
              '',
              "@Entity({ tableName: 'cooking_notes' })",
              'export class CookingNote {',
              '  @PrimaryKey({ type: "integer" })',
              '  id!: number;',
              '',
              "  @Property({ type: 'text', nullable: true })",
              '  body: string | null = null;',
              '}',
              '',
            ].join('\n'),
          );
          const database = await createScratchDatabase('roll_base');
          try {
            await createIn(release, database, 'notes_table');
          } finally {
            await database.drop();
          }
        },
        next: (release) => rm(join(release.dir, note)),
        async afterCreate(release, [created], output, db) {
          expect(output).toContain('[drop-table]');
          const split = await db(['split', created]);
          expect(split.output).toContain('is all contract');
          await addMarker(release, created, "allowDestructive = 'notes are no longer kept';");
        },
      });
    },
    RECIPE_TIMEOUT_MS,
  );

  it(
    'add a NOT NULL column: with a default, as the advice says, the old release inserts without it',
    async () => {
      const { created } = await rollOut({
        name: 'not_null',
        next: (release) =>
          editFile(release, ENTITY, (source) =>
            source.replace(
              "  @Property({ type: 'text', nullable: true, comment: '説明' })",
              "  @Property({ type: 'integer', default: 0 })\n  rating: number = 0;\n\n  @Property({ type: 'text', nullable: true, comment: '説明' })",
            ),
          ),
      });
      expect(created.output).not.toContain('warning');
    },
    RECIPE_TIMEOUT_MS,
  );

  it(
    'narrow a column: the next release validates the new limit, the contract migration narrows it',
    async () => {
      await rollOut({
        name: 'narrow',
        async next(release) {
          await editFile(release, ENTITY, (source) =>
            source.replace(
              "length: 100, nullable: true, comment: 'カテゴリ'",
              "length: 50, nullable: true, comment: 'カテゴリ'",
            ),
          );
          for (const dto of ['create-cooking.dto.ts', 'update-cooking.dto.ts']) {
            await editFile(release, `src/cooking/dto/${dto}`, (source) =>
              source.replace('@IsText({ max: 100 })', '@IsText({ max: 50 })'),
            );
          }
        },
        async afterCreate(release, [created], output, db) {
          expect(output).toContain('[narrowing-type-change]');
          const split = await db(['split', created]);
          expect(split.output).toContain('is all contract');
          await addMarker(
            release,
            created,
            "allowDestructive = 'categories are at most 50 characters since release B';",
          );
        },
      });
    },
    RECIPE_TIMEOUT_MS,
  );
});

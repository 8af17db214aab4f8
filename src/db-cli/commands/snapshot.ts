import { relative } from 'node:path';
import { wayOut } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

/**
 * `db snapshot`: migrations/.snapshot.json rebuilt from the migration files (Atlas's `migrate
 * hash` for its sum file): the one command after a merge that conflicted in it, and whenever
 * `create` or `check` says it does not match the files.
 */
export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'rebuild migrations/.snapshot.json from the migration files (after a merge, or when create says so)',
  usage: 'snapshot [--json]',
  needsEntities: true,
  details: [
    'Replays every migration file, applied or pending, in a scratch database (<db>_drift_<random>, dropped',
    'afterwards) and writes what they build. When they hold every entity change, that is the schema of the',
    'entities exactly as `create` writes it, so every branch gets the same file. Merge conflict markers in the',
    'snapshot do not matter: it is not read. `check` says whether it matches (exit 14 when not).',
  ],
  options: optionsOf('snapshot'),
  async run(ctx) {
    const migrator = ctx.migrator(await ctx.connect());
    const snapshot = migrator.snapshot;
    const path = relative(process.cwd(), snapshot.path) || snapshot.path;
    const files = (await migrator.sources.files()).length;
    const { from, entityChanges } = await snapshot.rebuild();
    if (ctx.json) {
      ctx.printJson({ path, files, from, entityChanges });
      return EXIT.ok;
    }
    ctx.out(`snapshot: ${path} rebuilt from the ${files} migration file(s)`);
    ctx.out(
      from === 'entities'
        ? 'They hold every entity change. Commit the snapshot with them.'
        : `The entities have ${entityChanges.length} change(s) no migration holds yet; \`${wayOut(ctx.db, 'create', [], { name: '<what>' })}\` writes them:`,
    );
    entityChanges.forEach((sql) => ctx.out(`  ${sql}`));
    return EXIT.ok;
  },
};

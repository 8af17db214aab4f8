import { productionMarkers, resolveName } from '../../migrator/index.js';
import { wayOut } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

/**
 * `db split NAME`: a pending migration that breaks the running release, rewritten as expand +
 * contract in place. MikroORM's snapshot already holds the new entities, so creating the
 * migration again would find no changes: the file is split where it is.
 */
export const splitCommand: Command = {
  name: 'split',
  summary: 'rewrite a pending migration as expand + contract, with the safe sequence of each breaking change',
  usage: 'split NAME [--json]',
  needsEntities: true,
  details: [
    'NAME stays the expand migration (what the running release tolerates); the contract part is written one',
    "second after it with phase = 'contract', applied by `up --contract` once every replica runs the new release.",
    'A column rename becomes: add the new column, triggers that copy each write both ways, backfill (expand);',
    'drop the triggers and the old column (contract). A dropped NOT NULL column is made nullable first.',
    'Only a pending migration without markers other than allowDestructive, which goes to the contract part.',
  ],
  options: optionsOf('split'),
  positionals: { min: 1, max: 1 },
  async run(ctx, _flags, [given]) {
    const migrator = ctx.migrator(await ctx.connect());
    const state = await migrator.inspect();
    const files = state.entries.filter((candidate) => candidate.path);
    const wanted = resolveName(
      files.map((candidate) => candidate.name),
      given,
    );
    const entry = files.find((candidate) => candidate.name === wanted)!;
    if (entry.state !== 'pending') {
      throw new UsageError(
        `${wanted} is ${entry.state}: only a pending migration can be split; write the rest as a new migration`,
      );
    }
    const sql = await migrator.sources.sqlToRun(wanted);
    const markers = [
      sql.phase === 'contract' && "phase = 'contract'",
      sql.blockingReason && 'allowBlocking',
      sql.breakingReason && 'allowBreaking',
      sql.online && 'online',
    ].filter(Boolean);
    if (markers.length > 0) {
      throw new UsageError(
        `${wanted} carries ${markers.join(', ')}: split works on a file as create wrote it; move its statements by hand`,
      );
    }
    const written = await migrator.split({ name: wanted, path: entry.path! });
    if (ctx.json) {
      ctx.printJson({ migration: wanted, written });
    } else if (written.length === 0) {
      ctx.out(`split: nothing to split: no statement of ${wanted} breaks the running release`);
    } else {
      const contract = written.at(-1)!;
      const later = `\`${wayOut(ctx.db, 'up', [], { contract: true })}\` once every replica runs the new release`;
      if (written.length === 1) {
        ctx.out(`split: ${wanted} is all contract: it is now a contract migration (phase = 'contract')`);
        ctx.out(`next: deploy the release that no longer uses what it removes, then apply it with ${later}`);
      } else {
        ctx.out(`split: ${wanted} is the expand migration, ${contract} the contract one (phase = 'contract')`);
        ctx.out(
          `next: apply the expand part with \`${wayOut(ctx.db, 'up')}\` before the new release rolls out, the contract part with ${later}`,
        );
      }
      const contractSql = await migrator.sources.sqlToRun(contract);
      if (productionMarkers(contractSql).missing.includes('allowDestructive')) {
        ctx.out(
          `warning: ${contract} deletes data: to apply it in production, add \`allowDestructive = '<reason>'\` to its class ` +
            `(\`${wayOut(ctx.db, 'lint')}\` checks it)`,
        );
      }
    }
    return EXIT.ok;
  },
};

import type { RoundTripResult } from '../../migrator/index.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** Whether the entities hold changes no migration has yet (migration:check; Alembic: `check`). */
export const checkCommand: Command = {
  name: 'check',
  summary:
    'check that the migrations hold every entity change (exit 8), or with --roundtrip that every down() works (exit 10)',
  usage: 'check [--roundtrip] [--json]',
  needsEntities: true,
  details: [
    'Compares the entities with the snapshot the last `create` wrote; no database change.',
    '--roundtrip   in a scratch database, apply each migration, revert it, apply it again: fails when',
    '              down() does not restore the schema before up(), or up() again gives a different schema',
    '              (tables, columns, indexes, foreign keys from information_schema). Needs the right to',
    '              create `<db>_drift_*` databases, like `drift`.',
  ],
  options: { roundtrip: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(ctx, flags) {
    if (flags.roundtrip) {
      return roundTrip(ctx);
    }
    const changed = await ctx.migrator(await ctx.connect()).checkSchema();
    if (ctx.json) {
      ctx.printJson({ changes: changed });
    } else if (!changed) {
      ctx.out('check: no changes: the migrations hold every entity change');
    } else {
      ctx.out(
        'check: the entities have changes no migration holds: write one with `npm run db -- create --name <what>`',
      );
    }
    return changed ? EXIT.changes : EXIT.ok;
  },
};

const OUTCOME: Record<RoundTripResult['outcome'], string> = {
  ok: 'up, down, up again: down() restores the schema, up() again gives the same',
  revert: 'down() does not restore the schema before up()',
  reapply: 'up() after down() gives a different schema',
  'no-down': 'cannot be reverted',
  error: 'a statement failed',
};

async function roundTrip(ctx: CommandContext): Promise<number> {
  const results = await ctx.migrator(await ctx.connect()).roundTrip();
  const failed = results.filter((result) => result.outcome !== 'ok');
  if (ctx.json) {
    ctx.printJson({ migrations: results, failed: failed.length });
  } else {
    for (const result of results) {
      ctx.out(`${result.outcome === 'ok' ? '✓' : '✗'} ${result.migration}  ${OUTCOME[result.outcome]}`);
      result.differences.forEach((difference) => ctx.out(`    ${difference}`));
    }
    ctx.out(
      failed.length === 0
        ? `check --roundtrip: ${results.length} migration(s) revert and re-apply cleanly`
        : `check --roundtrip: ${failed.length} of ${results.length} migration(s) failed the round trip`,
    );
  }
  return failed.length === 0 ? EXIT.ok : EXIT.roundTrip;
}

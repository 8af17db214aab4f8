import { relative } from 'node:path';
import { type RoundTripResult, type SnapshotStatus } from '../../migrator/index.js';
import { wayOut } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** Whether the entities hold changes no migration has yet (migration:check; Alembic: `check`). */
export const checkCommand: Command = {
  name: 'check',
  summary:
    'check that the migrations hold every entity change (exit 8) and the snapshot matches them (exit 14); --roundtrip: every down() works (exit 10)',
  usage: 'check [--roundtrip] [--json]',
  needsEntities: true,
  details: [
    'Replays every migration file, applied or pending, in a scratch database and compares what they build with',
    'the entities, then with migrations/.snapshot.json (what `create` diffs against); changes nothing. Needs the',
    'right to create `<db>_drift_*` databases, like `drift`.',
    '--roundtrip   in a scratch database, apply each migration, revert it, apply it again: fails when',
    '              down() does not restore the schema before up(), or up() again gives a different schema',
    '              (tables, columns, indexes, foreign keys from information_schema).',
  ],
  options: optionsOf('check'),
  async run(ctx, flags) {
    return flags.roundtrip ? roundTrip(ctx) : checkEntities(ctx);
  },
};

async function checkEntities(ctx: CommandContext): Promise<number> {
  const migrator = ctx.migrator(await ctx.connect());
  const snapshot = migrator.snapshot;
  const changes = await snapshot.entityChanges();
  const status = await snapshot.status();
  const files = await migrator.sources.files();
  const path = relative(process.cwd(), snapshot.path) || snapshot.path;
  if (ctx.json) {
    ctx.printJson({ changes: changes.length > 0, entityChanges: changes, snapshot: { path, ...status } });
  } else if (changes.length > 0) {
    ctx.out(
      `check: the entities have ${changes.length} change(s) that no migration holds, applied or pending; ` +
        `write them with \`${wayOut(ctx.db, 'create', [], { name: '<what>' })}\`:`,
    );
    changes.forEach((sql) => ctx.out(`  ${sql}`));
  } else {
    ctx.out(`check: no changes: the ${files.length} migration file(s) hold every entity change`);
  }
  if (!ctx.json && status.state !== 'current') {
    ctx.out(snapshotLine(ctx, path, status));
  }
  if (changes.length > 0) {
    return EXIT.changes;
  }
  return status.state === 'current' || status.state === 'unverified' ? EXIT.ok : EXIT.snapshot;
}

function snapshotLine(
  ctx: CommandContext,
  path: string,
  status: Exclude<SnapshotStatus, { state: 'current' }>,
): string {
  const rebuild = `\`${wayOut(ctx.db, 'snapshot')}\` rebuilds it from the migration files`;
  switch (status.state) {
    case 'missing':
      return `check: ${path} is missing, so \`create\` cannot work: ${rebuild}`;
    case 'unreadable':
      return `check: ${path} cannot be read (${status.reason}): ${rebuild}`;
    case 'stale':
      return (
        `check: ${path} does not match the migration files (${status.differences.length} difference(s)), so ` +
        `\`create\` would write a wrong migration: ${rebuild}`
      );
    case 'unverified':
      return `check: could not compare ${path} with the migration files: ${status.reason}`;
  }
}

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

import { isBase, trackingTableOf, type RunRequest, type RunSelection } from '../../migrator/index.js';
import { contractPendingText } from '../../migration-words/index.js';
import { optionsOf, type Command, type Flags } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { stepsFlag } from '../flags.js';
import { showPlan } from './plan.js';
import { appliedMigrations, waitForReplicas } from '../replica-wait.js';

export const upCommand: Command = {
  name: 'up',
  createsDatabase: true,
  summary: 'apply pending migrations (same as `npx mikro-orm migration:up`)',
  usage:
    'up [--to NAME | --steps N] [--contract] [--dry-run] [--allow-out-of-order] [--kill-blockers [--force]] [--json]',
  details: [
    '--to NAME              stop after NAME (inclusive)',
    '--steps N              apply the next N pending migrations (also: up +N)',
    '--contract             also apply contract migrations (once every replica runs the new release);',
    '                       without it up stops before the first pending one (MIGRATION_CONTRACT=true)',
    '--dry-run              apply nothing: print the plan of what up would run (see `plan`)',
    '--allow-out-of-order   also apply pending migrations older than the last applied one',
    '--kill-blockers        end the connections whose transactions keep a statement from its metadata lock',
    '                       (each is named first; in production only with --force)',
    '--force                with --kill-blockers in production',
    '--json                 run log as JSON lines',
    'With DATABASE_REPLICA_URLS, or on a cluster, up then waits (MIGRATION_REPLICA_WAIT s, default 60) until every',
    'replica and every other member has replayed the migrations: exit 13 naming those behind.',
    'Each statement waits MIGRATION_DDL_LOCK_WAIT s (default 0.05; rounded up to whole seconds unless INSTANT) for its lock, then retries with back-off',
    'until MIGRATION_DDL_RETRY_FOR s (default 300) are spent: exit 7, naming the blockers.',
  ],
  options: optionsOf('up'),
  async run(ctx, flags) {
    const request = runRequest(flags);
    if (flags['dry-run']) {
      let selected: RunSelection | undefined;
      await showPlan(ctx, (migrator, state) => {
        selected = migrator.select('up', state, request);
        return Promise.resolve(selected.run);
      });
      if (!ctx.json) {
        if (selected && selected.heldBack.length > 0) {
          ctx.out(contractPendingText(selected.heldBack, ctx.db, selected.deployFirst));
        }
        ctx.out('Dry run: nothing was applied.');
      }
      return EXIT.ok;
    }
    const orm = await ctx.connect();
    await ctx.migrator(orm).up(request);
    const table = trackingTableOf(orm.config);
    const json = ctx.json || ctx.config.migrations.logFormat === 'json';
    const applied = await appliedMigrations(orm, table);
    await waitForReplicas(ctx.config.replicas, table, applied, ctx.out, json, ctx.otherMembers);
    return EXIT.ok;
  },
};

export const downCommand: Command = {
  name: 'down',
  summary: 'undo applied migrations: one by default, N with --steps, or down to NAME / base',
  usage: 'down [--steps N | --to NAME | --to base] [--force] [--json]',
  details: [
    '--steps N    undo the last N applied migrations (also: down -N)',
    '--to NAME    undo every migration applied after NAME (NAME stays applied)',
    '--to base    undo everything (refused in production without --force)',
    '--force      in production: undo everything, or a down() that drops tables or columns holding rows;',
    '             prints what will be lost first',
    '--json       run log as JSON lines',
  ],
  options: optionsOf('down'),
  async run(ctx, flags) {
    await ctx.migrator(await ctx.connect()).down(runRequest(flags));
    return EXIT.ok;
  },
};

/** The flags as a request; which migrations it means is the engine's to decide (selectRun). */
function runRequest(flags: Flags): RunRequest {
  if (flags.steps !== undefined && flags.to !== undefined) {
    throw new UsageError('give either --steps or --to, not both');
  }
  const count = stepsFlag(flags);
  if (count !== undefined) {
    return { steps: count };
  }
  if (typeof flags.to !== 'string') {
    return {};
  }
  return { to: isBase(flags.to) ? 0 : flags.to };
}

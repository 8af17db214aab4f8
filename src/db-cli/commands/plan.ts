import { byState, type SafeMigrator } from '../../migrator/index.js';
import { checkLines, planTable } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { MigrationState, PlanLine } from '../../migrator/index.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'say what each pending statement will do to its table (algorithm, lock, size) before anything runs',
  usage: 'plan [--json]',
  details: [
    'Asks the server itself: each ALTER is tried on an empty copy of the schema (a scratch database,',
    'dropped afterwards) with ALGORITHM=INSTANT, NOCOPY (MariaDB), INPLACE (LOCK=NONE, SHARED,',
    'EXCLUSIVE), then COPY; the first form accepted is what the real run will do. Rows and size are',
    "InnoDB's estimates for the live table. Needs the right to create a database.",
    'Data checks (UNIQUE over duplicates, NOT NULL over NULLs, foreign keys over orphans, narrower',
    'types over values that do not fit) are counted on the live tables; `up` refuses a migration',
    'whose checks find rows, before any statement of it runs.',
    '--json       {database, server, statements: [{migration, statement, table, rows, bytes, algorithm, lock, note, sql, checks}]}',
  ],
  options: optionsOf('plan'),
  async run(ctx) {
    await showPlan(ctx, (_, state) => Promise.resolve(byState(state, 'pending').map((entry) => entry.name)));
    return EXIT.ok;
  },
};

/**
 * Plans the pending migrations `select` keeps (all for `plan`, what up would apply for
 * `up --dry-run`), with the data checks counted now.
 */
export async function showPlan(
  ctx: CommandContext,
  select: (migrator: SafeMigrator, state: MigrationState) => Promise<string[]>,
): Promise<void> {
  const orm = await ctx.connect();
  const migrator = ctx.migrator(orm);
  const state = await migrator.inspect();
  const lines = await migrator.planFor(await select(migrator, state), state, true);
  const server = ctx.server ? `${ctx.server.flavor} ${ctx.server.version}` : 'unknown';
  if (ctx.json) {
    ctx.printJson({ database: ctx.database, server, statements: lines });
  } else {
    printPlan(ctx, server, lines);
  }
}

export function printPlan(ctx: CommandContext, server: string, lines: PlanLine[]): void {
  if (lines.length === 0) {
    ctx.out(`Nothing pending on ${ctx.database}: nothing to plan.`);
    return;
  }
  ctx.out(`Plan for ${ctx.database} (${server}), as the server answered:`);
  ctx.out(planTable(lines));
  for (const line of checkLines(lines)) {
    ctx.out(line);
  }
}

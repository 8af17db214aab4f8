import { byState, planStatements, type PlanLine } from '../../index.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { textTable } from '../text-table.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'say what each pending statement will do to its table (algorithm, lock, size) before anything runs',
  usage: 'plan [--json]',
  details: [
    'Asks the server itself: each ALTER is tried on an empty copy of the schema (a scratch database,',
    'dropped afterwards) with ALGORITHM=INSTANT, NOCOPY (MariaDB), INPLACE (LOCK=NONE, SHARED,',
    'EXCLUSIVE), then COPY; the first form accepted is what the real run will do. Rows and size are',
    "InnoDB's estimates for the live table. Needs the right to create a database.",
    '--json       {database, server, statements: [{migration, statement, table, rows, bytes, algorithm, lock, note, sql}]}',
  ],
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    await showPlan(ctx, (pending) => pending);
    return EXIT.ok;
  },
};

/** Plans the pending migrations `select` keeps (all for `plan`, what up would apply for `up --dry-run`). */
export async function showPlan(ctx: CommandContext, select: (pending: string[]) => string[]): Promise<void> {
  const orm = await ctx.connect();
  const migrator = ctx.migrator(orm);
  const state = await migrator.inspect();
  const files = new Map((await migrator.listFiles()).map((file) => [file.name, file]));
  const migrations = [];
  for (const name of select(byState(state, 'pending').map((entry) => entry.name))) {
    migrations.push({ migration: name, statements: (await migrator.sqlOf(files.get(name)!)).up });
  }
  const lines = await planStatements(ctx.config.database, ctx.server?.flavor ?? 'mysql', migrations, {
    foreignKeyChecks: !orm.config.get('migrations').disableForeignKeys,
  });
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
  ctx.out(
    textTable(
      ['migration', '#', 'table', 'rows', 'size', 'algorithm', 'lock', 'what it does'],
      lines.map((line) => [
        line.migration,
        String(line.statement),
        line.table ?? '-',
        line.rows === null ? '-' : `~${line.rows.toLocaleString('en')}`,
        line.bytes === null ? '-' : humanBytes(line.bytes),
        line.algorithm ?? (line.kind === 'alter' ? '?' : line.kind),
        line.lock ?? '-',
        line.note,
      ]),
    ),
  );
}

function humanBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

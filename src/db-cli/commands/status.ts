import { byState, describeBlocker, describeProblem, findProblems, textTable } from '../../migrator/index.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { Blocker, MigrationState } from '../../migrator/index.js';

export interface StatusReport {
  database: string;
  server: string;
  head: string | null;
  upToDate: boolean;
  counts: { applied: number; pending: number; failed: number; missingFiles: number; changed: number };
  pending: { name: string; path?: string; outOfOrder: boolean; phase?: 'expand' | 'contract' }[];
  failed: { name: string; statement: number | null; statements: number | null; error: string }[];
  problems: string[];
  /** Transactions open longer than MIGRATION_LONG_TRX: DDL on a table they touched would wait. Null: not visible. */
  longTransactions: Blocker[] | null;
}

export function statusReport(
  ctx: CommandContext,
  state: MigrationState,
  allowOutOfOrder: boolean,
  longTransactions: Blocker[] | null,
): StatusReport {
  const pending = byState(state, 'pending');
  const failed = byState(state, 'failed');
  const problems = findProblems(state, { allowOutOfOrder }).map((problem) => describeProblem(problem));
  return {
    database: ctx.database,
    server: ctx.server ? `${ctx.server.flavor} ${ctx.server.version}` : 'unknown',
    head: state.head ?? null,
    upToDate: pending.length === 0 && problems.length === 0,
    counts: {
      applied: byState(state, 'applied').length,
      pending: pending.length,
      failed: failed.length,
      missingFiles: byState(state, 'missing-file').length,
      changed: state.entries.filter((entry) => entry.checksumChanged).length,
    },
    pending: pending.map((entry) => ({
      name: entry.name,
      path: entry.path,
      outOfOrder: entry.outOfOrder,
      phase: entry.phase,
    })),
    failed: failed.map((entry) => ({
      name: entry.name,
      statement: entry.failure?.statement ?? null,
      statements: entry.failure?.statements ?? null,
      error: entry.failure?.error ?? '',
    })),
    problems,
    longTransactions,
  };
}

export function statusExitCode(report: StatusReport): number {
  return report.problems.length > 0 ? EXIT.problems : report.counts.pending > 0 ? EXIT.pending : EXIT.ok;
}

function printStatus(ctx: CommandContext, report: StatusReport): void {
  const { counts } = report;
  ctx.out(`Database  ${report.database} (${report.server})`);
  ctx.out(`Head      ${report.head ?? '(base: nothing applied)'}`);
  ctx.out(
    `Applied   ${counts.applied}   Pending ${counts.pending}   Failed ${counts.failed}   ` +
      `Missing files ${counts.missingFiles}   Changed ${counts.changed}`,
  );
  if (report.pending.length > 0) {
    ctx.out('');
    ctx.out(
      textTable(
        ['Pending migration', 'Phase', 'File', 'Note'],
        report.pending.map((entry) => [
          entry.name,
          entry.phase ?? '',
          entry.path ?? '',
          [entry.outOfOrder ? 'out of order' : '', entry.phase === 'contract' ? 'applied by `up --contract`' : '']
            .filter(Boolean)
            .join('; '),
        ]),
      ),
    );
  }
  for (const problem of report.problems) {
    ctx.out(`\nproblem: ${problem}`);
  }
  const threshold = ctx.config.migrations.longTransactionSeconds;
  for (const transaction of report.longTransactions ?? []) {
    ctx.out(`\nwarning: transaction open longer than ${threshold} s: ${describeBlocker(transaction)}`);
  }
  if (report.longTransactions === null) {
    ctx.out('\nnote: open transactions are not visible to this user (the PROCESS privilege shows them)');
  }
  ctx.out('');
  if (report.problems.length > 0) {
    ctx.out('Status    NOT SAFE TO MIGRATE: resolve the problems above first.');
  } else if (counts.pending > 0) {
    ctx.out(
      `Status    ${counts.pending} migration(s) pending: run \`npm run db -- up\` (or \`npx mikro-orm migration:up\`).`,
    );
  } else {
    ctx.out('Status    up to date');
  }
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the head, counts, pending and failed migrations (exit 0 up to date, 3 pending, 4 problems)',
  usage: 'status [--short] [--json]',
  details: [
    '--short  one line: the head and whether it is current (Alembic: current)',
    '--json   print the report as JSON',
  ],
  options: { short: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(ctx, flags) {
    const orm = await ctx.connect();
    const migrator = ctx.migrator(orm);
    const state = await migrator.inspect();
    const longTransactions = await migrator.longTransactions().catch(() => null);
    const report = statusReport(ctx, state, ctx.config.migrations.allowOutOfOrder, longTransactions);
    if (ctx.json) {
      ctx.printJson(report);
    } else if (flags.short) {
      const where = report.upToDate
        ? '(head)'
        : report.problems.length > 0
          ? `(${report.problems.length} problem(s): see status)`
          : `(${report.counts.pending} pending)`;
      ctx.out(`${report.head ?? 'base'} ${where}`);
    } else {
      printStatus(ctx, report);
    }
    return statusExitCode(report);
  },
};

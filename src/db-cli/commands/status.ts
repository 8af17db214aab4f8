import { byState, findProblems, newerRelease } from '../../migrator/index.js';
import { commandWords, wayOut, describeBlocker, describeProblem, textTable } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { Blocker, MigrationState, RunSelection } from '../../migrator/index.js';

export interface StatusReport {
  database: string;
  server: string;
  head: string | null;
  upToDate: boolean;
  counts: { applied: number; pending: number; running: number; failed: number; missingFiles: number; changed: number };
  /** Migrations another run applies now (it holds the migration lock). */
  running: { name: string; statement: number | null; statements: number | null; connection: number; since: string }[];
  /** Applied by a newer release than this checkout (their files are not here). */
  newerRelease: string[];
  pending: { name: string; path?: string; outOfOrder: boolean; phase?: 'expand' | 'contract' }[];
  failed: { name: string; statement: number | null; statements: number | null; error: string }[];
  problems: string[];
  /** Transactions open longer than MIGRATION_LONG_TRX: DDL on a table they touched would wait. Null: not visible. */
  longTransactions: Blocker[] | null;
  /** What up would do now, as the engine selects it (nothing when there are problems). */
  next: { up: string[]; contractWindow: string[]; behindContract: string[] };
}

export function statusReport(
  ctx: CommandContext,
  state: MigrationState,
  selection: RunSelection,
  longTransactions: Blocker[] | null,
): StatusReport {
  const allowOutOfOrder = ctx.config.migrations.allowOutOfOrder;
  const pending = byState(state, 'pending');
  const failed = byState(state, 'failed');
  const running = byState(state, 'running');
  const problems = findProblems(state, { allowOutOfOrder }).map((problem) => describeProblem(problem, ctx.db));
  return {
    database: ctx.database,
    server: ctx.server ? `${ctx.server.flavor} ${ctx.server.version}` : 'unknown',
    head: state.head ?? null,
    upToDate: pending.length === 0 && running.length === 0 && problems.length === 0,
    counts: {
      applied: byState(state, 'applied').length,
      pending: pending.length,
      running: running.length,
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
    running: running.map((entry) => ({ name: entry.name, ...entry.running! })),
    newerRelease: newerRelease(state).map((entry) => entry.name),
    failed: failed.map((entry) => ({
      name: entry.name,
      statement: entry.failure?.statement ?? null,
      statements: entry.failure?.statements ?? null,
      error: entry.failure?.error ?? '',
    })),
    problems,
    longTransactions,
    next: {
      up: selection.run,
      contractWindow: selection.contractWindow,
      behindContract: selection.behindContract,
    },
  };
}

/** 4 problems, 3 something to apply, 12 only contract migrations waiting for their window (0 with --allow-contract). */
export function statusExitCode(report: StatusReport, allowContract: boolean): number {
  if (report.problems.length > 0) {
    return EXIT.problems;
  }
  const { up, contractWindow, behindContract } = report.next;
  if (up.length > 0 || behindContract.length > 0 || report.running.length > 0) {
    return EXIT.pending;
  }
  return contractWindow.length > 0 && !allowContract ? EXIT.contractWindow : EXIT.ok;
}

/** The status line: what to run next, as the engine would select it. */
function nextStep(ctx: CommandContext, report: StatusReport): string {
  const { up, contractWindow, behindContract } = report.next;
  if (report.problems.length > 0) {
    return 'NOT SAFE TO MIGRATE: resolve the problems above first.';
  }
  const [running] = report.running;
  if (running) {
    const at = running.statement ? ` at statement ${running.statement} of ${running.statements}` : '';
    return (
      `a migration run is in progress: ${running.name}${at} (connection ${running.connection} holds the migration ` +
      `lock; this statement started ${running.since}). Wait for it to finish, then run \`${wayOut(ctx.db, 'status')}\` again.`
    );
  }
  if (behindContract.length > 0) {
    return (
      `expand migration(s) ${behindContract.join(', ')} wait behind pending contract migration(s): once the release ` +
      `that wrote those runs on every replica, run \`${wayOut(ctx.db, 'up', [], { contract: true })}\` (it applies them in order).`
    );
  }
  const contract =
    contractWindow.length > 0
      ? `${contractWindow.length} contract migration(s) wait for their window: \`${wayOut(ctx.db, 'up', [], { contract: true })}\` once every replica runs this release.`
      : '';
  if (up.length > 0) {
    return `${up.length} migration(s) to apply: run \`${wayOut(ctx.db, 'up')}\` (or \`npx mikro-orm migration:up\`).${contract ? ` Then ${contract}` : ''}`;
  }
  return contract ? `contract window: ${contract}` : 'up to date';
}

function printStatus(ctx: CommandContext, report: StatusReport): void {
  const { counts } = report;
  ctx.out(`Database  ${report.database} (${report.server})`);
  ctx.out(`Head      ${report.head ?? '(base: nothing applied)'}`);
  ctx.out(
    `Applied   ${counts.applied}   Pending ${counts.pending}   ${counts.running > 0 ? `Running ${counts.running}   ` : ''}` +
      `Failed ${counts.failed}   Missing files ${counts.missingFiles}   Changed ${counts.changed}`,
  );
  if (report.newerRelease.length > 0) {
    ctx.out(
      `Newer     ${report.newerRelease.length} migration(s) applied by a newer release than this checkout ` +
        `(${report.newerRelease.join(', ')}): the schema is ahead of it, which expand migrations keep compatible`,
    );
  }
  if (report.pending.length > 0) {
    ctx.out('');
    ctx.out(
      textTable(
        ['Pending migration', 'Phase', 'File', 'Note'],
        report.pending.map((entry) => [
          entry.name,
          entry.phase ?? '',
          entry.path ?? '',
          [
            entry.outOfOrder ? 'out of order' : '',
            entry.phase === 'contract' ? `waits for \`${commandWords('up', [], { contract: true })}\`` : '',
          ]
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
  ctx.out(`Status    ${nextStep(ctx, report)}`);
}

export const statusCommand: Command = {
  name: 'status',
  summary:
    'show the head, counts, pending and failed migrations (exit 0 up to date, 3 to apply, 4 problems, 12 only contract migrations waiting)',
  usage: 'status [--short] [--allow-contract] [--json]',
  details: [
    '--short           one line: the head and whether it is current (Alembic: current)',
    '--allow-contract  exit 0 when only contract migrations wait for their window (a deploy gate during a rollout)',
    '--json            print the report as JSON',
  ],
  options: optionsOf('status'),
  async run(ctx, flags) {
    const orm = await ctx.connect();
    const migrator = ctx.migrator(orm);
    const state = await migrator.inspect();
    const longTransactions = await migrator.longTransactions().catch(() => null);
    const report = statusReport(ctx, state, migrator.select('up', state, { contract: false }), longTransactions);
    if (ctx.json) {
      ctx.printJson(report);
    } else if (flags.short) {
      const where = report.upToDate
        ? '(head)'
        : report.running.length > 0
          ? `(${report.running[0].name} is being applied now)`
          : report.problems.length > 0
            ? `(${report.problems.length} problem(s): see status)`
            : report.next.up.length > 0 || report.next.behindContract.length > 0
              ? `(${report.counts.pending} pending)`
              : `(${report.next.contractWindow.length} contract migration(s) waiting)`;
      ctx.out(`${report.head ?? 'base'} ${where}`);
    } else {
      printStatus(ctx, report);
    }
    return statusExitCode(report, Boolean(flags['allow-contract']));
  },
};

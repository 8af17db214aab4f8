import { type MigratorEvent, type MigratorListener } from '../migrator/index.js';
import { formatFindings } from './findings.js';
import { checkLines, planLineText, planTable } from './plan-table.js';
import { DEFAULT_DB_COMMAND, wayOut, upFor } from './ways-out.js';
import { describeBlocker, lockInfoPluginText, sparedText } from './wording.js';
import { safeSequenceLines } from './safe-sequences.js';

/** The run log: one line per migration and a summary, as text or JSON lines. */
export type RunLogFormat = 'text' | 'json';

type MigrationLine = Extract<MigratorEvent, { type: 'migration-done' | 'migration-failed' | 'migration-blocked' }>;

/** Turns the engine's events into the run log and its warnings, written one line per call. */
export function runLog(
  format: RunLogFormat,
  write: (line: string) => void,
  db: string = DEFAULT_DB_COMMAND,
): MigratorListener {
  let migrations: MigrationLine[] = [];
  let started = performance.now();
  /** Contract migrations this run holds back: the summary must not call the database up to date. */
  let heldBack: string[] = [];
  return (event) => {
    switch (event.type) {
      case 'lock-waiting':
        return write(
          `waiting for the migration lock "${event.lock}" held by connection ${event.holder ?? '?'} (another migrate run); ` +
            `giving up after ${event.timeoutSeconds} s`,
        );
      case 'lock-acquired':
        return write(`got the migration lock "${event.lock}"`);
      case 'run-recovered':
        return write(
          format === 'json'
            ? asJson(event)
            : `${event.name} was interrupted at statement ${event.statement} of ${event.statements} by its run's end; ` +
                `that statement had ${event.tookEffect ? '' : 'not '}taken effect, so it resumes at statement ${event.resumeAt}`,
        );
      case 'lock-taken-over':
        return write(
          format === 'json'
            ? asJson(event)
            : `took over the migration lock "${event.lock}" from ${event.owner} (connection ${event.holder}): ` +
                (event.why === 'gone'
                  ? 'its connection or its member is gone, so it can change nothing any more'
                  : 'its lease ran out and it never released the lock'),
        );
      case 'run-started':
        migrations = [];
        started = performance.now();
        return;
      case 'migration-done':
      case 'migration-failed':
      case 'migration-blocked':
        migrations.push(event);
        return write(format === 'json' ? migrationJson(event) : migrationText(event, db));
      case 'run-finished': {
        const line = summary(format, event, migrations, Math.round(performance.now() - started), heldBack);
        heldBack = [];
        return write(line);
      }
      case 'snapshot-unverified':
        return write(
          format === 'json'
            ? asJson(event)
            : `warning: could not check ${event.path} against the migration files (${event.reason}); the new migration ` +
                'is the difference between the entities and that snapshot as it is',
        );
      case 'created-behind':
        return write(
          format === 'json'
            ? asJson(event)
            : `warning: the database is not up to date: ${event.pending.length} migration(s) are pending ` +
                `(${event.pending.join(', ')}); the new migration comes after them, so apply them first with ` +
                `\`${wayOut(db, 'up')}\``,
        );
      case 'destructive-created':
        return createdWarnings(event, db).forEach(write);
      case 'markers-missing':
        return format === 'json' ? write(asJson(event)) : markersMissingText(event, db).forEach(write);
      case 'destructive-allowed':
        return write(`note: ${event.name} runs destructive statements, allowed by its marker: ${event.reason}`);
      case 'ddl-lock-wait':
        return write(format === 'json' ? asJson(event) : lockWaitText(event));
      case 'blocker-killed':
        return write(format === 'json' ? asJson(event) : `--kill-blockers: ended ${describeBlocker(event.blocker)}`);
      case 'blocker-spared':
        return write(format === 'json' ? asJson(event) : sparedText(event.blocker, event.table));
      case 'lock-info-plugin':
        return write(format === 'json' ? asJson(event) : lockInfoPluginText(event.installed, event.detail));
      case 'long-transactions':
        if (format === 'json') {
          return write(asJson(event));
        }
        return event.transactions.forEach((transaction) =>
          write(
            `warning: transaction open longer than ${event.thresholdSeconds} s: ${describeBlocker(transaction)}; a DDL statement on a table it has touched waits for it`,
          ),
        );
      case 'plan':
        if (format === 'json') {
          return write(asJson(event));
        }
        write(`Plan (${event.server}), as the server answered:`);
        planTable(event.lines)
          .split('\n')
          .forEach((line) => write(line));
        return checkLines(event.lines).forEach((line) => write(line));
      case 'plan-unavailable':
        return write(
          format === 'json'
            ? asJson(event)
            : `warning: no plan (${event.reason}); statements run without a pinned algorithm and without data checks`,
        );
      case 'down-order':
        return write(
          format === 'json'
            ? asJson(event)
            : `Reverting in the order the migrations were applied, newest first (${event.names.join(', ')}): ` +
                'one of them was applied out of order, so this differs from the order of the files.',
        );
      case 'fresh-database':
        return write(
          format === 'json'
            ? asJson(event)
            : `Nothing is applied to this database yet, so no release runs on it: its ${event.contracts.length} contract ` +
                `migration(s) (${event.contracts.join(', ')}) apply in file order with the rest.`,
        );
      case 'contract-pending':
        heldBack = event.names;
        return write(format === 'json' ? asJson(event) : contractPendingText(event.names, db, event.deployFirst));
      case 'online-change':
        if (format === 'json') {
          return write(asJson(event));
        }
        return write(
          event.stage === 'started'
            ? `${event.migration} statement ${event.statement}: copying ${event.table} online with pt-online-schema-change`
            : event.stage === 'done'
              ? `${event.migration} statement ${event.statement}: ${event.table} changed online in ${event.durationMs} ms`
              : `  pt-osc: ${event.output}`,
        );
      case 'blocking-allowed':
        if (format === 'json') {
          return write(asJson(event));
        }
        return event.lines.forEach((line) =>
          write(`note: ${event.name} blocks writes, allowed by its marker (${event.reason}): ${planLineText(line)}`),
        );
      case 'refused':
        // The caller prints the error itself (both CLIs do); a line here would say it twice.
        return;
      case 'outside-migrations':
        return write(
          format === 'json'
            ? asJson(event)
            : `warning: ${event.command} changes the schema outside the migrations (${event.statements} statement(s)) ` +
                `and loses ${event.loss}; \`${wayOut(db, 'check')}\` shows what no migration holds`,
        );
      case 'forced':
        return write(
          `${event.via === 'flag' ? '--force given' : 'DB_FORCE=true'}: about to ${event.action}; this loses: ${event.loss}`,
        );
    }
  };
}

/** A migration applied outside production that production would refuse: what it needs there. */
function markersMissingText(event: Extract<MigratorEvent, { type: 'markers-missing' }>, db: string): string[] {
  const needs = event.missing.map((marker) =>
    marker === 'allowDestructive'
      ? "`allowDestructive = '<why>'` on its class (it deletes data)"
      : 'its breaking statements in a contract migration (`' +
        wayOut(db, 'split', [event.name]) +
        "` while it is pending), or `allowBreaking = '<why>'` on its class",
  );
  return [
    `warning: ${event.name} is applied here, but in production \`up\` refuses it until it has ${needs.join(', and ')}:`,
    ...formatFindings(event.name, event.findings).map((line) => `  - ${line}`),
  ];
}

/** An event as one JSON line, named by its type like the run log's own lines. */
function asJson({ type, ...data }: MigratorEvent): string {
  return JSON.stringify({ event: type, ...data });
}

function lockWaitText(event: Extract<MigratorEvent, { type: 'ddl-lock-wait' }>): string {
  const sql = event.sql.replace(/\s+/g, ' ').slice(0, 120);
  const blockers =
    event.blockers.length > 0
      ? event.blockers.map(describeBlocker).join('; ')
      : event.blockersUnknown
        ? `unknown (${event.blockersUnknown}; the PROCESS privilege shows them)`
        : 'none found';
  const next = event.retryInMs === null ? 'giving up' : `retrying in ${(event.retryInMs / 1000).toFixed(1)} s`;
  return (
    `waiting for the metadata lock: ${event.migration} statement ${event.statement} of ${event.statements} (${sql}), ` +
    `attempt ${event.attempt} waited ${waited(event.waitedMs)}; blocked by ${blockers}; ${next}`
  );
}

function waited(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function migrationJson(event: MigrationLine): string {
  const { direction, name } = event;
  if (event.type === 'migration-blocked') {
    const { statement, statements, resumable, why, phase } = event;
    return JSON.stringify({
      event: 'migration',
      direction,
      name,
      status: 'blocked',
      statements,
      durationMs: 0,
      blockedStatement: statement,
      resumable,
      why,
      phase,
    });
  }
  if (event.type === 'migration-done') {
    const { status, statements, durationMs, resumedFrom } = event;
    return JSON.stringify({ event: 'migration', direction, name, status, statements, durationMs, resumedFrom });
  }
  const { statements, statement: failedStatement, error } = event;
  return JSON.stringify({
    event: 'migration',
    direction,
    name,
    status: 'failed',
    statements,
    durationMs: 0,
    failedStatement,
    error,
  });
}

const HELD_BACK_BY = {
  'ddl-lock-timeout': 'gave up waiting for its metadata lock',
  'pin-refused': 'the server refused its planned algorithm',
  'data-check': 'held back: the rows there fail its data checks',
} as const;

function migrationText(event: MigrationLine, db: string): string {
  if (event.type === 'migration-blocked') {
    const why = HELD_BACK_BY[event.why];
    // A data check runs before the migration's first statement, whichever statement it guards.
    const at = event.why === 'data-check' ? '' : ` at statement ${event.statement} of ${event.statements}`;
    const outcome = event.resumable
      ? `BLOCKED at statement ${event.statement} of ${event.statements} (${why}); \`${wayOut(db, 'up', [], upFor(event.phase))}\` resumes there`
      : `${why}${at}; nothing of it ran, still pending`;
    return `⏸ ${event.name}  ${outcome}`;
  }
  if (event.type === 'migration-failed') {
    return `✗ ${event.name}  FAILED at statement ${event.statement} of ${event.statements}, 0 ms`;
  }
  const mark = event.direction === 'up' ? '↑' : '↓';
  const plural = event.statements === 1 ? '' : 's';
  const resumed = event.resumedFrom ? ` (resumed at ${event.resumedFrom})` : '';
  return `${mark} ${event.name}  ${event.status}, ${event.statements} statement${plural}${resumed}, ${event.durationMs} ms`;
}

/** up stopped before contract migrations: which, and how to apply them. */
export function contractPendingText(names: string[], db: string = DEFAULT_DB_COMMAND, deployFirst?: string[]): string {
  if (deployFirst?.length) {
    return (
      `Stopping before ${names[0]}${names.length > 1 ? ` and the ${names.length - 1} migration(s) after it` : ''}: ` +
      `the expand migration(s) ${deployFirst.join(', ')} applied just now belong to the release that wrote it, and that ` +
      'release cannot run anywhere before them. Deploy it; once every replica runs it, run ' +
      `\`${wayOut(db, 'up', [], { contract: true })}\` again.`
    );
  }
  return (
    `Stopping before ${names.length} contract migration(s): ${names.join(', ')}. They remove what the previous ` +
    `release still uses: apply them once every replica runs the new release, with \`${wayOut(db, 'up', [], { contract: true })}\` ` +
    '(MIGRATION_CONTRACT=true for `npx mikro-orm migration:up` and the compose job).'
  );
}

function summary(
  format: RunLogFormat,
  { direction, outcome }: Extract<MigratorEvent, { type: 'run-finished' }>,
  migrations: MigrationLine[],
  durationMs: number,
  heldBack: string[],
): string {
  const done = migrations.filter((entry) => entry.type === 'migration-done');
  const statements = done.reduce((sum, entry) => sum + entry.statements, 0);
  if (format === 'json') {
    return JSON.stringify({ event: 'summary', direction, outcome, migrations: done.length, statements, durationMs });
  }
  if (done.length === 0 && outcome === 'ok' && heldBack.length > 0) {
    return `Nothing applied: only the ${heldBack.length} contract migration(s) above are pending.`;
  }
  if (done.length === 0 && outcome === 'ok') {
    return direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to revert.';
  }
  const verb = direction === 'up' ? 'applied' : 'reverted';
  const count = `${done.length} migration${done.length === 1 ? '' : 's'} ${verb} (${statements} statement${statements === 1 ? '' : 's'}) in ${durationMs} ms`;
  return outcome === 'ok' ? count : `Stopped by a failure; ${count}`;
}

/** What `create` says about a file it wrote with statements that break the running release. */
function createdWarnings(event: Extract<MigratorEvent, { type: 'destructive-created' }>, db: string): string[] {
  const lines = formatFindings(event.file, event.findings).map(
    (line) => `warning: ${/\[rename-/.test(line) ? 'breaking' : 'destructive'} change: ${line}`,
  );
  lines.push('safe under a rolling deploy:', ...safeSequenceLines(event.findings).map((line) => `  ${line}`));
  const name = event.file.replace(/\.[jt]s$/, '');
  lines.push(
    event.contractFile
      ? `split: these statements are in the contract migration ${event.contractFile} (phase = 'contract'); apply it with \`${wayOut(db, 'up', [], { contract: true })}\` once every replica runs the new release`
      : `warning: these break the release still running: rewrite the file as expand + contract with \`${wayOut(db, 'split', [name])}\`, or delete this file, rebuild the snapshot from the migrations that remain (\`${wayOut(db, 'snapshot')}\`), change the entity as above and create it again (docs/migrations.md, "Expand and contract")`,
  );
  if (event.findings.some((finding) => !finding.rule.startsWith('rename-'))) {
    lines.push(
      'warning: review the migration; to apply it in production, add `allowDestructive = \'<reason>\'` to its class (docs/migrations.md, "Destructive changes")',
    );
  }
  return lines;
}

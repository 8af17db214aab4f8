import { type MigratorEvent } from '../migrator/index.js';
import { formatFindings } from './findings.js';
import { checkLines, planLineText, planTable } from './plan-table.js';
import { safeSequenceLines } from './safe-sequences.js';
import { wayOut } from './ways-out.js';
import { describeBlocker, lockInfoPluginText, sparedText } from './wording.js';

/** The events whose lines depend on nothing before them in the run (the run log keeps the rest). */
export type StatelessEvent = Exclude<
  MigratorEvent,
  {
    type:
      | 'run-started'
      | 'run-finished'
      | 'migration-done'
      | 'migration-failed'
      | 'migration-blocked'
      | 'contract-pending'
      | 'refused';
  }
>;

type EventOf<T extends MigratorEvent['type']> = Extract<MigratorEvent, { type: T }>;

/** An event as one JSON line, named by its type like the run log's own lines. */
export function asJson({ type, ...data }: MigratorEvent): string {
  return JSON.stringify({ event: type, ...data });
}

/** The lines a person reads for one event. */
export function eventText(event: StatelessEvent, db: string): string[] {
  switch (event.type) {
    case 'lock-waiting':
      return [
        `waiting for the migration lock "${event.lock}" held by connection ${event.holder ?? '?'} (another migrate run); ` +
          `giving up after ${event.timeoutSeconds} s`,
      ];
    case 'lock-acquired':
      return [`got the migration lock "${event.lock}"`];
    case 'run-recovered':
      return [
        `${event.name} was interrupted at statement ${event.statement} of ${event.statements} by its run's end; ` +
          `that statement had ${event.tookEffect ? '' : 'not '}taken effect, so it resumes at statement ${event.resumeAt}`,
      ];
    case 'lock-taken-over':
      return [
        `took over the migration lock "${event.lock}" from ${event.owner} (connection ${event.holder}): ` +
          (event.why === 'gone'
            ? 'its connection or its member is gone, so it can change nothing any more'
            : 'its lease ran out and it never released the lock'),
      ];
    case 'snapshot-unverified':
      return [
        `warning: could not check ${event.path} against the migration files (${event.reason}); the new migration ` +
          'is the difference between the entities and that snapshot as it is',
      ];
    case 'created-behind':
      return [
        `warning: the database is not up to date: ${event.pending.length} migration(s) are pending ` +
          `(${event.pending.join(', ')}); the new migration comes after them, so apply them first with ` +
          `\`${wayOut(db, 'up')}\``,
      ];
    case 'destructive-created':
      return createdWarnings(event, db);
    case 'markers-missing':
      return markersMissingText(event, db);
    case 'destructive-allowed':
      return [`note: ${event.name} runs destructive statements, allowed by its marker: ${event.reason}`];
    case 'ddl-lock-wait':
      return [lockWaitText(event)];
    case 'blocker-killed':
      return [`--kill-blockers: ended ${describeBlocker(event.blocker)}`];
    case 'blocker-spared':
      return [sparedText(event.blocker, event.table)];
    case 'lock-info-plugin':
      return [lockInfoPluginText(event.installed, event.detail)];
    case 'long-transactions':
      return event.transactions.map(
        (transaction) =>
          `warning: transaction open longer than ${event.thresholdSeconds} s: ${describeBlocker(transaction)}; ` +
          'a DDL statement on a table it has touched waits for it',
      );
    case 'plan':
      return [
        `Plan (${event.server}), as the server answered:`,
        ...planTable(event.lines).split('\n'),
        ...checkLines(event.lines),
      ];
    case 'plan-unavailable':
      return [`warning: no plan (${event.reason}); statements run without a pinned algorithm and without data checks`];
    case 'down-order':
      return [
        `Reverting in the order the migrations were applied, newest first (${event.names.join(', ')}): ` +
          'one of them was applied out of order, so this differs from the order of the files.',
      ];
    case 'fresh-database':
      return [
        `Nothing is applied to this database yet, so no release runs on it: its ${event.contracts.length} contract ` +
          `migration(s) (${event.contracts.join(', ')}) apply in file order with the rest.`,
      ];
    case 'online-change':
      return [onlineChangeText(event)];
    case 'blocking-allowed':
      return event.lines.map(
        (line) => `note: ${event.name} blocks writes, allowed by its marker (${event.reason}): ${planLineText(line)}`,
      );
    case 'outside-migrations':
      return [
        `warning: ${event.command} changes the schema outside the migrations (${event.statements} statement(s)) ` +
          `and loses ${event.loss}; \`${wayOut(db, 'check')}\` shows what no migration holds`,
      ];
    case 'forced':
      return [
        `${event.via === 'flag' ? '--force given' : 'DB_FORCE=true'}: about to ${event.action}; this loses: ${event.loss}`,
      ];
  }
}

function onlineChangeText(event: EventOf<'online-change'>): string {
  const where = `${event.migration} statement ${event.statement}`;
  if (event.stage === 'started') {
    return `${where}: copying ${event.table} online with pt-online-schema-change`;
  }
  return event.stage === 'done'
    ? `${where}: ${event.table} changed online in ${event.durationMs} ms`
    : `  pt-osc: ${event.output}`;
}

/** A migration applied outside production that production would refuse: what it needs there. */
function markersMissingText(event: EventOf<'markers-missing'>, db: string): string[] {
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

function lockWaitText(event: EventOf<'ddl-lock-wait'>): string {
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

/** What `create` says about a file it wrote with statements that break the running release. */
function createdWarnings(event: EventOf<'destructive-created'>, db: string): string[] {
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

/**
 * How the engine's typed errors and problems read to a person: what happened and the way out,
 * in terms of the commands people type. Both CLIs print these words (the MikroORM CLI through
 * `MigratorSettings.explain`, set in mikro-orm.config.ts).
 */
import { planLineText } from './plan-table.js';
import {
  BlockingMigrationError,
  DataCheckError,
  DdlLockTimeoutError,
  ExpandPhaseError,
  PinnedDdlRefusedError,
  DestructiveMigrationError,
  ForceRequiredError,
  MigrationBlockedError,
  MigrationError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  ScratchDatabaseError,
  UnknownMigrationError,
} from '../errors.js';
import { formatFindings } from '../sql/destructive-lint.js';
import type { Blocker, MigrationEntry, Problem } from '../types.js';

export function describeProblem(problem: Problem): string {
  switch (problem.kind) {
    case 'failed':
      return failedMessage(problem.entry);
    case 'missing-file':
      return (
        `migration ${problem.name} is recorded as applied but its file is missing from migrations/ — restore the file ` +
        '(git), or if it was removed on purpose, remove its record with `npx mikro-orm migration:unlog --name ' +
        `${problem.name}\``
      );
    case 'checksum-changed':
      return (
        `migration ${problem.name} (${problem.path}) was changed after it was applied (checksum ${short(problem.recorded)} → ` +
        `${short(problem.current)}) — revert the edit and add a new migration instead, or if the edit was deliberate ` +
        'and the database already matches it, run `npm run db -- repair --checksums`'
      );
    case 'out-of-order':
      return (
        `migration ${problem.name} is pending but sorts before the last applied migration ${problem.head} (out of order) — ` +
        'rename it to a later timestamp, or apply it deliberately with `npm run db -- up --allow-out-of-order` ' +
        '(MIGRATIONS_ALLOW_OUT_OF_ORDER=true for `npx mikro-orm migration:up`)'
      );
  }
}

function failedMessage(entry: MigrationEntry): string {
  const where = entry.failure?.statement
    ? `at statement ${entry.failure.statement} of ${entry.failure.statements}`
    : 'before its first statement completed';
  const committed =
    entry.failure?.statement && entry.failure.statement > 1
      ? `statements 1–${entry.failure.statement - 1} were committed and are still in the database (MySQL does not roll back DDL)`
      : 'no statement of it had been committed';
  const uncertain = entry.failure?.error.startsWith('interrupted')
    ? `; statement ${entry.failure.statement} itself may or may not have completed`
    : '';
  if (entry.failure?.resumable) {
    return (
      `migration ${entry.name} is BLOCKED ${where}: ${committed}, and its table's metadata lock stayed taken ` +
      `(${entry.failure.error}). Once the blocking transaction has ended, \`npm run db -- up\` resumes it at ` +
      `statement ${entry.failure.statement}`
    );
  }
  return (
    `migration ${entry.name} FAILED ${where} (${entry.failure?.error ?? 'unknown error'}); ${committed}${uncertain}. ` +
    `Fix the database by hand, then either \`npm run db -- resolve ${entry.name} --rolled-back\` ` +
    `(its effects are undone; it will run again) or \`npm run db -- resolve ${entry.name} --applied\` (you completed it by hand)`
  );
}

function short(checksum: string | null | undefined): string {
  return checksum ? checksum.slice(0, 12) : '?';
}

/** An engine error as a person should read it; other errors keep their own message. */
export function explain(error: Error): string {
  if (error instanceof MigrationBlockedError) {
    return `refusing to migrate ${error.method}:\n  - ${error.problems.map(describeProblem).join('\n  - ')}`;
  }
  if (error instanceof DestructiveMigrationError) {
    return (
      `refusing to apply ${error.migration} in production: it has destructive statements:\n  - ` +
      `${formatFindings(error.migration, error.findings).join('\n  - ')}\n` +
      `If this is intended, add \`allowDestructive = '<why>'\` to the migration class (docs/migrations.md, "Destructive changes").`
    );
  }
  if (error instanceof ForceRequiredError) {
    const how = error.via === 'flag' ? '--force (DB_FORCE=true for the MikroORM CLI)' : 'DB_FORCE=true';
    return `refusing to ${error.action} in production without ${how}. It would lose: ${error.loss}`;
  }
  if (error instanceof MigrationFailedError) {
    return failureHelp(error);
  }
  if (error instanceof DdlLockTimeoutError) {
    return lockTimeoutHelp(error);
  }
  if (error instanceof PinnedDdlRefusedError) {
    return (
      `${error.summary}\n  ${error.sql}\n${heldBackState(error.statement)}\nThe live table differs from its definition's ` +
      'empty copy the plan was made on (e.g. a table created before MariaDB 10.3 / MySQL 8.0.29 instant formats); the ' +
      'server would have fallen back to a slower, more blocking form. Ways out:\n' +
      '  - see what it will do now: npm run db -- plan\n' +
      "  - rebuild the table first (`alter table … force`, itself a copy), or run the change online (`online = 'pt-osc'`)\n" +
      '  - or run it in a maintenance window with the statement in a migration of its own'
    );
  }
  if (error instanceof DataCheckError) {
    const failures = error.failures.map(
      ({ check, count, examples }) =>
        `  - ${check.description}: ${count.toLocaleString('en')}, e.g. ${examples.join(' | ')}`,
    );
    return (
      `refusing to run ${error.migration}: the rows already there would make it fail half-way:\n${failures.join('\n')}\n` +
      `${heldBackState(error.statement)}\nFix the data (or add a data migration before it), then run \`npm run db -- up\` again.`
    );
  }
  if (error instanceof BlockingMigrationError) {
    const unplanned = error.lines.some((line) => line.algorithm === null)
      ? 'A statement the server could not plan counts as a table copy, the worst case: see why with `npm run db -- plan`.\n'
      : '';
    return (
      `${error.summary}:\n${error.lines.map((line) => `  - ${planLineText(line)}`).join('\n')}\n${unplanned}Ways out:\n` +
      '  - run the copy online: add `online = \'pt-osc\'` to the migration class (docs/migrations.md, "Online schema change")\n' +
      "  - or accept the blocking (a maintenance window): add `allowBlocking = '<why>'` to the migration class\n" +
      `  - or, if the table is smaller than it looks, raise MIGRATION_BLOCKING_ROWS (now ${error.thresholdRows})`
    );
  }
  if (error instanceof ExpandPhaseError) {
    return (
      `${error.summary}:\n  - ${formatFindings(error.migration, error.findings).join('\n  - ')}\n` +
      "Move these statements into a contract migration (`phase = 'contract'` in its class, or " +
      '`npm run db -- create --split`), applied with `npm run db -- up --contract` once every replica runs the ' +
      'new release (docs/migrations.md, "Expand and contract").'
    );
  }
  if (error instanceof UnknownMigrationError) {
    return `${error.summary} (see \`npm run db -- history\`)`;
  }
  if (error instanceof MigrationLockTimeoutError) {
    return (
      `${error.summary}. Another migrate run is still working; wait for it, or raise MIGRATION_LOCK_TIMEOUT. ` +
      'A crashed run releases the lock when its connection closes.'
    );
  }
  if (error instanceof ScratchDatabaseError) {
    return `${error.summary}; grant the user CREATE and DROP on \`${error.database}\\_drift\\_%\`.*`;
  }
  return error instanceof MigrationError ? error.summary : error.message;
}

/** The errors of a statement that creates what is already there (table, column, index). */
const ALREADY_THERE = /already exists|Duplicate (column|key) name/i;

function failureHelp(error: MigrationFailedError): string {
  if (error.method === 'up' && error.statement === 1 && ALREADY_THERE.test(error.reason)) {
    // Nothing ran; what it creates exists without tracking rows (made by hand, or by piping `db sql`).
    return (
      `${error.summary}\nNo statement of it had been committed: what it creates is already in the database, ` +
      'but not recorded as applied (created by hand, or by piping `db sql` without its tracking rows).\n' +
      `  - if the database already has the schema of the migrations up to this one, record them: npm run db -- stamp ${error.migration}\n` +
      `  - if that object is something else, remove or rename it by hand, then: npm run db -- resolve ${error.migration} --rolled-back`
    );
  }
  const committed =
    error.statement > 1
      ? `Statements 1–${error.statement - 1} were committed and stay in the database: MySQL does not roll back DDL.`
      : 'No statement of it had been committed.';
  if (error.method === 'down') {
    return `${error.summary}\n${committed} The migration is still recorded as applied; fix the database by hand and run down again.`;
  }
  return (
    `${error.summary}\n${committed} The migration is recorded as FAILED and further runs are refused until it is resolved:\n` +
    `  - undo what it did by hand, then: npm run db -- resolve ${error.migration} --rolled-back   (it will run again)\n` +
    `  - or complete it by hand, then:   npm run db -- resolve ${error.migration} --applied`
  );
}

/** One line per blocker: who, since when, doing what. */
export function describeBlocker(blocker: Blocker): string {
  const transaction =
    blocker.transactionSeconds === null ? 'no open transaction' : `transaction open ${blocker.transactionSeconds} s`;
  const statement = blocker.statement ? `running: ${blocker.statement.replace(/\s+/g, ' ').slice(0, 200)}` : 'idle';
  const how = blocker.source === 'metadata-lock' ? 'holds a lock on the table' : 'open transaction';
  return `connection ${blocker.connectionId} (${blocker.user}@${blocker.host}), ${transaction}, ${blocker.state || '?'}, ${statement} [${how}]`;
}

function heldBackState(statement: number): string {
  return statement > 1
    ? `Statements 1–${statement - 1} are applied; the migration is recorded as BLOCKED at statement ${statement}, and ` +
        '`npm run db -- up` resumes it there.'
    : 'Nothing of it ran: it is still pending.';
}

function lockTimeoutHelp(error: DdlLockTimeoutError): string {
  const blockers =
    error.blockers.length > 0
      ? error.blockers.map((blocker) => `  - ${describeBlocker(blocker)}`).join('\n')
      : '  - none found any more (the blocker ended after the last attempt)';
  const ids = error.blockers.map((blocker) => blocker.connectionId).join(', ');
  return (
    `${error.summary}\n  ${error.sql}\nBlocked by:\n${blockers}\n${heldBackState(error.statement)}\nWays out:\n` +
    `  - end that transaction (commit or roll back in the client that holds it${ids ? `, or KILL ${ids}` : ''}), ` +
    'then rerun `npm run db -- up`\n' +
    '  - or `npm run db -- up --kill-blockers`: ends the connections that block each statement (in production also --force)\n' +
    '  - or give it more time: MIGRATION_DDL_RETRY_FOR (seconds, default 300)'
  );
}

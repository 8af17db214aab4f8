/**
 * How the engine's problems, blockers and held-back states read to a person: what happened and
 * the way out, in terms of the commands people type (`db`, the db command as typed there).
 */
import type { DdlLockTimeoutError } from '../migrator/index.js';
import type { Blocker, MigrationEntry, Problem } from '../migrator/index.js';
import { DEFAULT_DB_COMMAND, upFor, wayOut, type FlagsOf } from './ways-out.js';

export function describeProblem(problem: Problem, db = DEFAULT_DB_COMMAND): string {
  switch (problem.kind) {
    case 'failed':
      return failedMessage(problem.entry, db);
    case 'missing-file':
      if (problem.renamedTo) {
        return (
          `migration ${problem.name} is recorded as applied but its file is missing: pending ${problem.renamedTo} holds ` +
          'exactly its statements, so it was renamed after it was applied here (restoring the old file beside it ' +
          `would apply them twice). Give it back the name it was applied under: \`${wayOut(db, 'rename', [problem.renamedTo, problem.name])}\`` +
          ' (then commit the rename, so nobody else applies it again)'
        );
      }
      return problem.newerRelease
        ? `migration ${problem.name} was applied by a newer release: its file is not in this checkout, so it cannot be ` +
            'reverted from here; run `down` from the checkout of the release that has it'
        : `migration ${problem.name} is recorded as applied but its file is missing from migrations/ — restore the file ` +
            `(\`git log --all --oneline -- 'migrations/${problem.name}.*'\` finds the commits that had it); an applied ` +
            'migration keeps its file, or its change would no longer be recorded anywhere';
    case 'name-mismatch':
      return (
        `migration file ${problem.path ?? problem.name} holds a class that calls itself ${problem.className}: MikroORM ` +
        "would record one name and run the other. Make them agree (the file name is the migration's name): " +
        `\`${wayOut(db, 'rename', [problem.name, problem.name])}\` rewrites its class and \`name\` to ${problem.name}`
      );
    case 'checksum-changed':
      return (
        `migration ${problem.name} (${problem.path}) was changed after it was applied (checksum ${short(problem.recorded)} → ` +
        `${short(problem.current)}) — revert the edit and add a new migration instead, or if the edit was deliberate ` +
        `and the database already matches it, run \`${wayOut(db, 'repair', [], { checksums: true })}\``
      );
    case 'out-of-order':
      return (
        `migration ${problem.name} is pending but sorts before the last applied migration ${problem.head} (out of order: ` +
        'a branch merged after that one was applied here) — apply it where it is with ' +
        `\`${wayOut(db, 'up', [], { 'allow-out-of-order': true })}\` (MIGRATIONS_ALLOW_OUT_OF_ORDER=true for ` +
        '`npx mikro-orm migration:up`); or, if it is applied nowhere yet (yours, not pushed), give it a later timestamp ' +
        `with \`${wayOut(db, 'rename', [problem.name])}\` (file, class and name together)`
      );
  }
}

function failedMessage(entry: MigrationEntry, db: string): string {
  const where = entry.failure?.statement
    ? `at statement ${entry.failure.statement} of ${entry.failure.statements}`
    : 'before its first statement completed';
  const committed =
    entry.failure?.statement && entry.failure.statement > 1
      ? `${committedStatements(entry.failure.statement - 1, 'past', ['committed and is', 'committed and are']).toLowerCase()} still in the database (MySQL does not roll back DDL)`
      : 'no statement of it had been committed';
  const uncertain = entry.failure?.error.startsWith('interrupted')
    ? `; statement ${entry.failure.statement} itself may or may not have completed`
    : '';
  if (entry.failure?.resumable) {
    return (
      `migration ${entry.name} is BLOCKED ${where}: ${committed}, and its table's metadata lock stayed taken ` +
      `(${entry.failure.error}). Once the blocking transaction has ended, \`${wayOut(db, 'up')}\` resumes it at ` +
      `statement ${entry.failure.statement}`
    );
  }
  return (
    `migration ${entry.name} FAILED ${where} (${entry.failure?.error ?? 'unknown error'}); ${committed}${uncertain}. ` +
    `Fix the database by hand, then either \`${wayOut(db, 'resolve', [entry.name], { 'rolled-back': true })}\` ` +
    `(its effects are undone; it will run again) or \`${wayOut(db, 'resolve', [entry.name], { applied: true })}\` (you completed it by hand)`
  );
}

function short(checksum: string | null | undefined): string {
  return checksum ? checksum.slice(0, 12) : '?';
}

/** How each blocker was found: the rule that named it. */
const BLOCKER_RULES: Record<Blocker['source'], string> = {
  'metadata-lock': 'holds a lock on the table',
  'table-activity': 'its statement or row locks touch the table',
  'open-transaction': 'open transaction',
};

/** One line per blocker: who, since when, doing what. */
export function describeBlocker(blocker: Blocker): string {
  const transaction =
    blocker.transactionSeconds === null ? 'no open transaction' : `transaction open ${blocker.transactionSeconds} s`;
  const statement = blocker.statement ? `running: ${blocker.statement.replace(/\s+/g, ' ').slice(0, 200)}` : 'idle';
  const how = BLOCKER_RULES[blocker.source];
  return `connection ${blocker.connectionId} (${blocker.user}@${blocker.host}), ${transaction}, ${blocker.state || '?'}, ${statement} [${how}]`;
}

/** Why --kill-blockers left an open transaction alone, and what to do about it. */
export function sparedText(blocker: Blocker, table: string | undefined): string {
  return (
    `--kill-blockers: left ${describeBlocker(blocker)}: nothing says it holds the lock on ` +
    `${table ? `\`${table}\`` : 'the table'} (no metadata-lock table, no statement or row lock on it); ` +
    `end it yourself if it is the one (KILL ${blocker.connectionId}), or load MariaDB's metadata_lock_info plugin`
  );
}

/** What --kill-blockers did about MariaDB's metadata_lock_info plugin, and so which rule it ends connections by. */
export function lockInfoPluginText(installed: boolean, detail: string): string {
  return installed
    ? `--kill-blockers: installed MariaDB's metadata_lock_info plugin (${detail}): the server now names who holds each table's lock`
    : "--kill-blockers: MariaDB's metadata_lock_info plugin is not loaded and could not be installed " +
        `(${detail}); only connections whose running statement or InnoDB locks touch the table are ended`;
}

/** Where a held-back migration stands, and the command that carries on. */
export function heldBackState(statement: number, db: string, up: FlagsOf<'up'> = {}): string {
  return statement > 1
    ? `${committedStatements(statement - 1, 'present')} applied; the migration is recorded as BLOCKED at statement ${statement}, and ` +
        `\`${wayOut(db, 'up', [], up)}\` resumes it there.`
    : 'Nothing of it ran: it is still pending.';
}

export function lockTimeoutHelp(error: DdlLockTimeoutError, db: string): string {
  const up = upFor(error.phase);
  const blockers =
    error.blockers.length > 0
      ? error.blockers.map((blocker) => `  - ${describeBlocker(blocker)}`).join('\n')
      : '  - none found any more (the blocker ended after the last attempt)';
  const ids = error.blockers.map((blocker) => blocker.connectionId).join(', ');
  return (
    `${error.summary}\n  ${error.sql}\nBlocked by:\n${blockers}\n${heldBackState(error.statement, db, up)}\nWays out:\n` +
    `  - end that transaction (commit or roll back in the client that holds it${ids ? `, or KILL ${ids}` : ''}), ` +
    `then rerun \`${wayOut(db, 'up', [], up)}\`\n` +
    `  - or \`${wayOut(db, 'up', [], { ...up, 'kill-blockers': true })}\`: ends the connections that block each statement (in production also --force)\n` +
    '  - or give it more time: MIGRATION_DDL_RETRY_FOR (seconds, default 300)'
  );
}

/**
 * The statements a migration committed before it stopped at `last` + 1, as a subject with its
 * verb: "Statement 1 was" / "Statements 1–k were" (`tense` past), "Statement 1 is" / "Statements
 * 1–k are" (present); `then` goes on in the same number: "stays" / "stay".
 */
export function committedStatements(last: number, tense: 'past' | 'present', then?: [string, string]): string {
  const one = last === 1;
  const subject = one ? 'Statement 1' : `Statements 1–${last}`;
  const verb = tense === 'past' ? (one ? 'was' : 'were') : one ? 'is' : 'are';
  return `${subject} ${verb}${then ? ` ${one ? then[0] : then[1]}` : ''}`;
}

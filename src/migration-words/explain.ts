/**
 * An engine error as a person should read it: what happened and the way out, in the commands
 * people type there (`db`). Both CLIs print these words: the `db` command, and the MikroORM CLI
 * through `MigratorSettings.explain`. One case per kind of error: a new kind fails the
 * type-check here until it is worded.
 */
import { isMigrationError, type KnownMigrationError } from '../migrator/index.js';
import type {
  BlockingMigrationError,
  ContractFirstError,
  DestructiveMigrationError,
  ExpandPhaseError,
  ForceRequiredError,
  PlanForeseesFailureError,
  SnapshotMismatchError,
} from '../migrator/index.js';
import type {
  DataCheckError,
  MigrationFailedError,
  OnlineChangeFailedError,
  PinnedDdlRefusedError,
} from '../migrator/index.js';
import { formatFindings } from './findings.js';
import { DEFAULT_DB_COMMAND, wayOut, upFor } from './ways-out.js';
import { planLineText } from './plan-table.js';
import { committedStatements, describeProblem, heldBackState, lockTimeoutHelp } from './wording.js';
import { safeSequenceLines } from './safe-sequences.js';

export function explain(error: Error, db = DEFAULT_DB_COMMAND): string {
  return isMigrationError(error) ? explainKind(error, db) : error.message;
}

function explainKind(error: KnownMigrationError, db: string): string {
  switch (error.kind) {
    case 'blocked':
      return `refusing to migrate ${error.method}:\n  - ${error.problems.map((problem) => describeProblem(problem, db)).join('\n  - ')}`;
    case 'destructive':
      return destructiveHelp(error, db);
    case 'force-required':
      return forceHelp(error);
    case 'failed':
      return failureHelp(error, db);
    case 'online-change-failed':
      return onlineChangeHelp(error, db);
    case 'ddl-lock-timeout':
      return lockTimeoutHelp(error, db);
    case 'pin-refused':
      return pinRefusedHelp(error, db);
    case 'data-check':
      return dataCheckHelp(error, db);
    case 'blocking':
      return blockingHelp(error, db);
    case 'expand-phase':
      return expandPhaseHelp(error, db);
    case 'contract-first':
      return contractFirstHelp(error, db);
    case 'plan-failure':
      return planFailureHelp(error, db);
    case 'snapshot':
      return snapshotHelp(error, db);
    case 'stamp-refused':
      return (
        `${error.summary}.\nTo create the schema, apply the migrations: \`${wayOut(db, 'up')}\`. If the tables exist under ` +
        `other names and recording is what you want, \`${wayOut(db, 'stamp', [error.migrations.at(-1)!], { force: true })}\`.`
      );
    case 'unknown-migration':
      return `${error.summary} (see \`${wayOut(db, 'history')}\`)`;
    case 'lock-timeout':
      return (
        `${error.summary}. Another migrate run is still working; wait for it, or raise MIGRATION_LOCK_TIMEOUT. ` +
        'A crashed run releases the lock when its connection closes (on a cluster: at once when its connection or ' +
        'member is provably gone, else when its lease, MIGRATION_LOCK_LEASE, runs out).'
      );
    case 'not-the-writer':
      return (
        `${error.summary}. Point DATABASE_URL at the cluster's members (or its writer): \`${db}\` then runs on the ` +
        'member that takes writes (the primary of a Group Replication group, a synced Galera node).'
      );
    case 'scratch-database':
      return `${error.summary}; grant the user CREATE and DROP on \`${error.database}\\_${error.purpose}\\_%\`.*`;
    case 'trigger-rights':
      return (
        `${error.summary}.\nTurn it on for the server: \`SET PERSIST log_bin_trust_function_creators = 1\` on MySQL ` +
        '(`SET GLOBAL …` and the option file on MariaDB; a parameter group on RDS), or start it with ' +
        '--log-bin-trust-function-creators=1 as docker-compose.yml does; or apply this migration as a user with SUPER.'
      );
    case 'not-failed':
    case 'not-applied':
    case 'rename-refused':
    case 'replay':
    case 'source':
      return error.summary;
    default:
      // A kind added to the union and not worded here fails the type-check on this line.
      return error satisfies never;
  }
}

function destructiveHelp(error: DestructiveMigrationError, db: string): string {
  const breaking =
    error.breaking.length > 0
      ? '\nIt is an expand migration, so this also breaks the release still running: while it is pending, ' +
        `\`${wayOut(db, 'split', [error.migration])}\` moves it into a contract migration; if breaking the running ` +
        "release is intended, add `allowBreaking = '<why>'` too."
      : '';
  return (
    `refusing to apply ${error.migration} in production: it has destructive statements:\n  - ` +
    `${formatFindings(error.migration, error.findings).join('\n  - ')}\n` +
    `If this is intended, add \`allowDestructive = '<why>'\` to the migration class (docs/migrations.md, "Destructive changes").` +
    breaking
  );
}

function forceHelp(error: ForceRequiredError): string {
  const how = error.via === 'flag' ? '--force (DB_FORCE=true for the MikroORM CLI)' : 'DB_FORCE=true';
  const instead = error.instead ? `\n${error.instead}` : '';
  return `refusing to ${error.action} in production without ${how}. It would lose: ${error.loss}${instead}`;
}

/** The errors of a statement that creates what is already there (table, column, index). */
const ALREADY_THERE = /already exists|Duplicate (column|key) name/i;

function failureHelp(error: MigrationFailedError, db: string): string {
  if (error.method === 'up' && error.statement === 1 && ALREADY_THERE.test(error.reason)) {
    // Nothing ran; what it creates exists without tracking rows (made by hand, or by piping `db sql`).
    return (
      `${error.summary}\nNo statement of it had been committed: what it creates is already in the database, ` +
      'but not recorded as applied (created by hand, or by piping `db sql` without its tracking rows).\n' +
      `  - if the database already has the schema of the migrations up to this one, record them: ${wayOut(db, 'stamp', [error.migration])}\n` +
      `  - if that object is something else, remove or rename it by hand, then: ${wayOut(db, 'resolve', [error.migration], { 'rolled-back': true })}`
    );
  }
  const committed =
    error.statement > 1
      ? `${committedStatements(error.statement - 1, 'past', ['committed and stays', 'committed and stay'])} in the database: MySQL does not roll back DDL.`
      : 'No statement of it had been committed.';
  if (error.method === 'down') {
    return `${error.summary}\n${committed} The migration is still recorded as applied; fix the database by hand and run down again.`;
  }
  return (
    `${error.summary}\n${committed} The migration is recorded as FAILED and further runs are refused until it is resolved:\n` +
    `  - undo what it did by hand, then: ${wayOut(db, 'resolve', [error.migration], { 'rolled-back': true })}   (it will run again)\n` +
    `  - or complete it by hand, then:   ${wayOut(db, 'resolve', [error.migration], { applied: true })}`
  );
}

function planFailureHelp(error: PlanForeseesFailureError, db: string): string {
  const ways =
    error.statement === 1 && ALREADY_THERE.test(error.reason)
      ? [
          `what it creates is already in the database without being recorded as applied; if the database already has the ` +
            `schema of the migrations up to ${error.migration}, record them: \`${wayOut(db, 'stamp', [error.migration])}\``,
          `if that object is something else, remove or rename it by hand, then run \`${wayOut(db, 'up')}\` again`,
        ]
      : [
          `fix the statement in the migration's file (it is pending, so it may still be edited), check it with ` +
            `\`${wayOut(db, 'plan')}\`, then run \`${wayOut(db, 'up')}\` again`,
        ];
  if (error.appliesBefore.length > 0) {
    ways.push(`or apply only what comes before it: \`${wayOut(db, 'up', [], { to: error.appliesBefore.at(-1)! })}\``);
  }
  return `${error.summary}.\n  ${error.sql}\nWays out:\n${ways.map((way) => `  - ${way}`).join('\n')}`;
}

function snapshotHelp(error: SnapshotMismatchError, db: string): string {
  const differences =
    error.state === 'stale'
      ? `\nWhat the snapshot lacks of the files (or has in excess):\n${error.details.map((sql) => `  ${sql}`).join('\n')}`
      : '';
  return (
    `${error.summary}.${differences}\nRebuild it from the migration files: \`${wayOut(db, 'snapshot')}\`, then commit it with them. ` +
    `After a merge that conflicted in it, that is the whole resolution: \`${wayOut(db, 'snapshot')}\`, then ` +
    `\`git add ${error.path}\`.`
  );
}

function onlineChangeHelp(error: OnlineChangeFailedError, db: string): string {
  const way = error.swapped
    ? `The change is in place: check the table, drop the old copy it names, then: ${wayOut(db, 'resolve', [error.migration], { applied: true })}`
    : `Nothing of the change is left behind; once the cause is fixed: ${wayOut(db, 'resolve', [error.migration], { 'rolled-back': true })}   (it will run again)`;
  return `${error.summary}\nThe migration is recorded as FAILED and further runs are refused until it is resolved.\n  - ${way}`;
}

function pinRefusedHelp(error: PinnedDdlRefusedError, db: string): string {
  return (
    `${error.summary}\n  ${error.sql}\n${heldBackState(error.statement, db, upFor(error.phase))}\nThe live table differs from its definition's ` +
    'empty copy the plan was made on (e.g. a table created before MariaDB 10.3 / MySQL 8.0.29 instant formats); the ' +
    'server would have fallen back to a slower, more blocking form. Ways out:\n' +
    `  - see what it will do now: ${wayOut(db, 'plan')}\n` +
    "  - rebuild the table first (`alter table … force`, itself a copy), or run the change online (`online = 'pt-osc'`)\n" +
    '  - or run it in a maintenance window with the statement in a migration of its own'
  );
}

function dataCheckHelp(error: DataCheckError, db: string): string {
  const failures = error.failures.map(
    ({ statement, check, count, examples }) =>
      `  - statement ${statement} of ${error.statements}: ${check.description}: ${count.toLocaleString('en')}, ` +
      `e.g. ${examples.join(' | ')}`,
  );
  return (
    `refusing to run ${error.migration}: the rows already there would make it fail half-way:\n${failures.join('\n')}\n` +
    `${heldBackState(error.statement, db, upFor(error.phase))}\nFix the data (or add a data migration before it), then run \`${wayOut(db, 'up', [], upFor(error.phase))}\` again.`
  );
}

function blockingHelp(error: BlockingMigrationError, db: string): string {
  const unplanned = error.lines.some((line) => line.algorithm === null)
    ? `A statement the server could not plan counts as a table copy, the worst case: see why with \`${wayOut(db, 'plan')}\`.\n`
    : '';
  return (
    `${error.summary}:\n${error.lines.map((line) => `  - ${planLineText(line)}`).join('\n')}\n${unplanned}Ways out:\n` +
    '  - run the copy online: add `online = \'pt-osc\'` to the migration class (docs/migrations.md, "Online schema change")\n' +
    "  - or accept the blocking (a maintenance window): add `allowBlocking = '<why>'` to the migration class\n" +
    `  - or, if the table is smaller than it looks, raise MIGRATION_BLOCKING_ROWS (now ${error.thresholdRows})`
  );
}

function expandPhaseHelp(error: ExpandPhaseError, db: string): string {
  return (
    `${error.summary}:\n  - ${formatFindings(error.migration, error.findings).join('\n  - ')}\n` +
    `Safe under a rolling deploy:\n  ${safeSequenceLines(error.findings).join('\n  ')}\n` +
    `\`${wayOut(db, 'split', [error.migration])}\` rewrites a pending migration as expand + contract (the contract part ` +
    `is applied with \`${wayOut(db, 'up', [], { contract: true })}\` once every replica runs the new release); if breaking the ` +
    'running release is intended, add `allowBreaking = \'<why>\'` to its class (docs/migrations.md, "Expand and contract").'
  );
}

function contractFirstHelp(error: ContractFirstError, db: string): string {
  return (
    `${error.summary}.\nA contract migration removes what the release before it still used; it may run once the ` +
    'release that wrote it runs on every replica. Ways out:\n' +
    `  - once the release that wrote them runs on every replica: \`${wayOut(db, 'up', [], { contract: true })}\`, ` +
    'which applies the contract migration(s) and then the expand ones behind them, in order\n' +
    (error.lastBefore
      ? `  - or apply only what comes before them: \`${wayOut(db, 'up', [], { to: error.lastBefore })}\`, and deploy the ` +
        'release that needs the waiting migrations after the contract window'
      : '  - or deploy the release that needs the waiting migrations after the contract window')
  );
}

import { type MigratorEvent } from '../migrator/index.js';
import { DEFAULT_DB_COMMAND, upFor, wayOut } from './ways-out.js';

/** The events that make a migration's own line in the run log. */
export type MigrationLine = Extract<
  MigratorEvent,
  { type: 'migration-done' | 'migration-failed' | 'migration-blocked' }
>;

type RunFinished = Extract<MigratorEvent, { type: 'run-finished' }>;

export function migrationJson(event: MigrationLine): string {
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

export function migrationText(event: MigrationLine, db: string): string {
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

/** The run's last line: how many migrations ran, or why nothing did. */
export function summaryText(
  { direction, outcome }: RunFinished,
  migrations: MigrationLine[],
  durationMs: number,
  heldBack: string[],
): string {
  const { done, statements } = counted(migrations);
  if (done === 0 && outcome === 'ok' && heldBack.length > 0) {
    return `Nothing applied: only the ${heldBack.length} contract migration(s) above are pending.`;
  }
  if (done === 0 && outcome === 'ok') {
    return direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to revert.';
  }
  const verb = direction === 'up' ? 'applied' : 'reverted';
  const count = `${done} migration${done === 1 ? '' : 's'} ${verb} (${statements} statement${statements === 1 ? '' : 's'}) in ${durationMs} ms`;
  return outcome === 'ok' ? count : `Stopped by a failure; ${count}`;
}

export function summaryJson(
  { direction, outcome }: RunFinished,
  migrations: MigrationLine[],
  durationMs: number,
): string {
  const { done, statements } = counted(migrations);
  return JSON.stringify({ event: 'summary', direction, outcome, migrations: done, statements, durationMs });
}

function counted(migrations: MigrationLine[]): { done: number; statements: number } {
  const done = migrations.filter((entry) => entry.type === 'migration-done');
  return { done: done.length, statements: done.reduce((sum, entry) => sum + entry.statements, 0) };
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

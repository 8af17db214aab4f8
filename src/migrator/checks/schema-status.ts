import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from '../engine/migrator-of.js';
import { DEFAULT_DB_COMMAND, dbRun } from '../command-line.js';
import { byState } from '../state/migration-state.js';
import { findProblems } from '../state/problems.js';
import type { MigrationEntry, MigrationState, Problem } from '../types.js';

export interface SchemaStatus {
  current: boolean;
  head: string | null;
  pending: string[];
  failed: string[];
  /** Pending contract migrations this build does not need yet: its own contract window. */
  contractWindow: string[];
  problems: Problem[];
  /** One sentence for logs, readiness and start-up refusals. */
  summary: string;
}

/**
 * What of the pending migrations this build needs. Every expand migration; and a contract
 * migration older than the build's newest expand migration, since that one was written on a
 * schema where the contract had already run (the contract belongs to an earlier release, whose
 * window has passed). Contract migrations after the newest expand one are this build's own: they
 * wait, by design, until every replica runs it.
 */
export function neededNow(state: MigrationState): { needed: string[]; window: string[] } {
  const own = ownContractWindow(state);
  const pending = state.entries.filter((entry) => entry.state === 'pending');
  return {
    needed: pending.filter((entry) => !own(entry)).map((entry) => entry.name),
    window: pending.filter((entry) => own(entry)).map((entry) => entry.name),
  };
}

/** Whether a migration is of this build's own contract window: a contract one after its newest expand file. */
function ownContractWindow(state: MigrationState): (entry: MigrationEntry) => boolean {
  const newestExpand = state.entries.filter((entry) => entry.path && entry.phase !== 'contract').at(-1)?.name ?? '';
  return (entry) => entry.phase === 'contract' && entry.name > newestExpand;
}

/**
 * The migrations a server must hold for this build to read from it: every migration file but the
 * build's own contract window (see neededNow), applied or not. What a read replica is held to.
 */
export async function requiredMigrations(orm: MikroORM): Promise<{ table: string; migrations: string[] }> {
  const state = await migratorOf(orm).inspect();
  const own = ownContractWindow(state);
  const migrations = state.entries.filter((entry) => entry.path && !own(entry)).map((entry) => entry.name);
  return { table: orm.config.get('migrations').tableName ?? 'mikro_orm_migrations', migrations };
}

/** Whether the database schema is what this build expects; read-only, safe for the app's user. */
export async function readSchemaStatus(orm: MikroORM, db = DEFAULT_DB_COMMAND): Promise<SchemaStatus> {
  const state = await migratorOf(orm).inspect();
  const pending = byState(state, 'pending').map((entry) => entry.name);
  const failed = byState(state, 'failed').map((entry) => entry.name);
  // Applied migrations newer than every file of this build were applied by a newer release (its
  // expand part, while this one still runs during a rolling deploy): the schema is ahead, which
  // an expand migration keeps compatible. Only an unknown migration among known ones is a problem.
  const lastKnown = state.entries.filter((entry) => entry.path).at(-1)?.name ?? '';
  const ahead = byState(state, 'missing-file')
    .map((entry) => entry.name)
    .filter((name) => name > lastKnown);
  const problems = findProblems(state, { allowOutOfOrder: true }).filter(
    (problem) => !(problem.kind === 'missing-file' && ahead.includes(problem.name)),
  );
  const { needed, window } = neededNow(state);
  // An older contract migration among them, or an expand one behind it: `up` alone refuses.
  const contractFirst = state.entries.some((entry) => needed.includes(entry.name) && entry.phase === 'contract');
  const current = needed.length === 0 && problems.length === 0;
  const newer = ahead.length > 0 ? `; ${ahead.length} newer migration(s) applied by a newer release` : '';
  const waiting =
    window.length > 0 ? `; ${window.length} contract migration(s) wait for \`${dbRun(db, 'up --contract')}\`` : '';
  const summary = current
    ? `schema is current (head ${state.head ?? 'base'})${newer}${waiting}`
    : problems.length > 0
      ? `schema needs attention: ${problems.length} problem(s), ${failed.length} failed migration(s) — run \`${dbRun(db, 'status')}\``
      : `schema is behind: ${needed.length} migration(s) pending that this build needs (${needed.join(', ')}) — apply them ` +
        `with the migrate job (\`${dbRun(db, contractFirst ? 'up --contract' : 'up')}\`)`;
  return { current, head: state.head ?? null, pending, failed, contractWindow: window, problems, summary };
}

/** The API refuses to start on a stale schema (REQUIRE_SCHEMA_CURRENT). */
export class SchemaNotCurrentError extends Error {
  override name = 'SchemaNotCurrentError';
}

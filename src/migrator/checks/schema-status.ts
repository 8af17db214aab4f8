import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from '../engine/migrator-of.js';
import { DEFAULT_DB_COMMAND, wayOut } from '../command-line.js';
import { byState } from '../state/migration-state.js';
import { findProblems, newerRelease } from '../state/problems.js';
import { ownContractWindow } from '../state/run-selection.js';
import { trackingTableOf } from '../state/tracking-table.js';
import type { MigrationEntry, MigrationState, Problem } from '../types.js';

export interface SchemaStatus {
  current: boolean;
  head: string | null;
  pending: string[];
  /** Migrations another run applies now (it holds the migration lock). */
  running: string[];
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

/**
 * The migrations a server must hold for this build to read from it: every migration file but the
 * build's own contract window (see neededNow), applied or not. What a read replica is held to.
 */
export async function requiredMigrations(orm: MikroORM): Promise<{ table: string; migrations: string[] }> {
  const state = await migratorOf(orm).inspect();
  const own = ownContractWindow(state);
  const migrations = state.entries.filter((entry) => entry.path && !own(entry)).map((entry) => entry.name);
  return { table: trackingTableOf(orm.config), migrations };
}

/** Whether the database schema is what this build expects; read-only, safe for the app's user. */
export async function readSchemaStatus(orm: MikroORM, db = DEFAULT_DB_COMMAND): Promise<SchemaStatus> {
  const state = await migratorOf(orm).inspect();
  const pending = byState(state, 'pending').map((entry) => entry.name);
  const failed = byState(state, 'failed').map((entry) => entry.name);
  // A contract migration of this build's own window being applied does not make it unready.
  const ownWindow = ownContractWindow(state);
  const running = byState(state, 'running').filter((entry) => !ownWindow(entry));
  // Applied by a newer release (its expand part, while this one still runs during a rolling deploy):
  // the schema is ahead, which an expand migration keeps compatible (state/problems.ts).
  const ahead = newerRelease(state);
  const problems = findProblems(state, { allowOutOfOrder: true });
  const { needed, window } = neededNow(state);
  // An older contract migration among them, or an expand one behind it: `up` alone refuses.
  const contractFirst = state.entries.some((entry) => needed.includes(entry.name) && entry.phase === 'contract');
  const current = needed.length === 0 && running.length === 0 && problems.length === 0;
  const newer = ahead.length > 0 ? `; ${ahead.length} newer migration(s) applied by a newer release` : '';
  const waiting =
    window.length > 0
      ? `; ${window.length} contract migration(s) wait for \`${wayOut(db, 'up', [], { contract: true })}\``
      : '';
  const summary = current
    ? `schema is current (head ${state.head ?? 'base'})${newer}${waiting}`
    : problems.length > 0
      ? `schema needs attention: ${problems.length} problem(s), ${failed.length} failed migration(s) — run \`${wayOut(db, 'status')}\``
      : running.length > 0
        ? `schema is being migrated: ${running.map(describeRunning).join(', ')} — ready once that run finishes`
        : `schema is behind: ${needed.length} migration(s) pending that this build needs (${needed.join(', ')}) — apply them ` +
          `with the migrate job (\`${wayOut(db, 'up', [], contractFirst ? { contract: true } : {})}\`)`;
  return {
    current,
    head: state.head ?? null,
    pending,
    running: running.map((entry) => entry.name),
    failed,
    contractWindow: window,
    problems,
    summary,
  };
}

function describeRunning(entry: MigrationEntry): string {
  const at = entry.running?.statement ? ` (statement ${entry.running.statement} of ${entry.running.statements})` : '';
  return `${entry.name} is being applied now${at}`;
}

/** The API refuses to start on a stale schema (REQUIRE_SCHEMA_CURRENT). */
export class SchemaNotCurrentError extends Error {
  override name = 'SchemaNotCurrentError';
}

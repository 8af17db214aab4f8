import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from '../engine/migrator-of.js';
import { byState } from '../state/migration-state.js';
import { findProblems, newerRelease } from '../state/problems.js';
import { ownContractWindow } from '../state/run-selection.js';
import { trackingTableOf } from '../state/tracking-table.js';
import type { MigrationState, Problem } from '../types.js';

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
  /** What this build needs of the pending migrations (its own contract window aside). */
  needed: string[];
  /** An older contract migration among them, or an expand one behind it: `up` alone refuses, `up --contract` applies them. */
  contractFirst: boolean;
  /** Migrations this build needs that another run is applying now, with the statement it is at. */
  beingApplied: { name: string; statement: number | null; statements: number | null }[];
  /** Applied by a newer release than this build: the schema is ahead (state/problems.ts). */
  newer: string[];
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
export async function readSchemaStatus(orm: MikroORM): Promise<SchemaStatus> {
  const state = await migratorOf(orm).inspect();
  // A contract migration of this build's own window being applied does not make it unready.
  const ownWindow = ownContractWindow(state);
  const running = byState(state, 'running').filter((entry) => !ownWindow(entry));
  const problems = findProblems(state, { allowOutOfOrder: true });
  const { needed, window } = neededNow(state);
  return {
    current: needed.length === 0 && running.length === 0 && problems.length === 0,
    head: state.head ?? null,
    pending: byState(state, 'pending').map((entry) => entry.name),
    running: running.map((entry) => entry.name),
    failed: byState(state, 'failed').map((entry) => entry.name),
    contractWindow: window,
    problems,
    needed,
    contractFirst: state.entries.some((entry) => needed.includes(entry.name) && entry.phase === 'contract'),
    beingApplied: running.map(({ name, running: at }) => ({
      name,
      statement: at?.statement ?? null,
      statements: at?.statements ?? null,
    })),
    newer: newerRelease(state).map((entry) => entry.name),
  };
}

import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from './migrator-of.js';
import { byState } from './migration-state.js';
import { findProblems, type Problem } from './problems.js';

export interface SchemaStatus {
  current: boolean;
  head: string | null;
  pending: string[];
  failed: string[];
  problems: Problem[];
  /** One sentence for logs, readiness and start-up refusals. */
  summary: string;
}

/** Whether the database schema is what this build expects; read-only, safe for the app's user. */
export async function readSchemaStatus(orm: MikroORM): Promise<SchemaStatus> {
  const state = await migratorOf(orm).inspect();
  const pending = byState(state, 'pending').map((entry) => entry.name);
  const failed = byState(state, 'failed').map((entry) => entry.name);
  const problems = findProblems(state, { allowOutOfOrder: true });
  const current = pending.length === 0 && problems.length === 0;
  const summary = current
    ? `schema is current (head ${state.head ?? 'base'})`
    : problems.length > 0
      ? `schema needs attention: ${problems.length} problem(s), ${failed.length} failed migration(s) — run \`npm run db -- status\``
      : `schema is behind: ${pending.length} migration(s) pending — apply them with the migrate job ` +
        '(`npx mikro-orm migration:up`, or `npm run db -- up` in development)';
  return { current, head: state.head ?? null, pending, failed, problems, summary };
}

/** The API refuses to start on a stale schema (REQUIRE_SCHEMA_CURRENT). */
export class SchemaNotCurrentError extends Error {
  override name = 'SchemaNotCurrentError';
}

import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from '../engine/migrator-of.js';
import { byState } from '../state/migration-state.js';
import { findProblems } from '../state/problems.js';
import type { Problem } from '../types.js';

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
  const migrator = migratorOf(orm);
  const state = await migrator.inspect();
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
  // Contract migrations wait, by design, until every replica runs the release that no longer
  // needs the old shape: the schema this build needs is there once the expand part is.
  const { run: apply, heldBack } = migrator.select('up', state, { contract: false });
  const current = apply.length === 0 && problems.length === 0;
  const newer = ahead.length > 0 ? `; ${ahead.length} newer migration(s) applied by a newer release` : '';
  const waiting = heldBack.length > 0 ? `; ${heldBack.length} contract migration(s) wait for \`up --contract\`` : '';
  const summary = current
    ? `schema is current (head ${state.head ?? 'base'})${newer}${waiting}`
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

import { readFile, rm, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { PlanForeseesFailureError, SnapshotMismatchError } from '../errors/index.js';
import { byState } from '../state/migration-state.js';
import type { MigrationState, PlanLine } from '../types.js';
import type { EngineContext } from './engine-context.js';
import type { MigrationSnapshot } from './snapshot.js';

/**
 * The snapshot must say what the migration files build before anything diffs the entities
 * against it (`create`, MikroORM's `migration:check`): missing while files exist, unreadable
 * (merge conflict markers) or stale is refused; unverified (no scratch database) is said.
 */
export async function requireUsableSnapshot(engine: EngineContext, snapshot: MigrationSnapshot): Promise<void> {
  const shown = relative(process.cwd(), snapshot.path) || snapshot.path;
  const status = await snapshot.status();
  if (status.state === 'missing' && (await engine.sources.files()).length > 0) {
    throw new SnapshotMismatchError(shown, 'missing', []);
  }
  if (status.state === 'unreadable') {
    throw new SnapshotMismatchError(shown, 'unreadable', [status.reason]);
  }
  if (status.state === 'stale') {
    throw new SnapshotMismatchError(shown, 'stale', status.differences);
  }
  if (status.state === 'unverified') {
    engine.settings.onEvent({ type: 'snapshot-unverified', path: shown, reason: status.reason });
  }
}

/** How to put things back when a created migration is refused: its files gone, the snapshot as it was. */
export interface Undo {
  (written: string[]): Promise<void>;
}

/**
 * Before MikroORM diffs the entities against the snapshot: the snapshot must say what the
 * migration files build (engine/snapshot.ts), or the new file would repeat what they hold (or
 * miss what one of them drops). Returns how to undo the creation.
 */
export async function beforeCreate(engine: EngineContext, snapshot: MigrationSnapshot): Promise<Undo> {
  await requireUsableSnapshot(engine, snapshot);
  const before = await readFile(snapshot.path, 'utf8').catch(() => undefined);
  return async (written) => {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    await (before === undefined ? rm(snapshot.path, { force: true }) : writeFile(snapshot.path, before));
  };
}

/** The migrations pending before `create` writes one: it comes after them. */
export function pendingNames(inspect: () => Promise<MigrationState>): Promise<string[]> {
  return inspect()
    .then((state) => byState(state, 'pending').map((entry) => entry.name))
    .catch(() => []);
}

/**
 * Once a migration was written after pending ones: a warning, as Alembic gives one ("target
 * database is not up to date"), but no refusal, since the diff is against the files, not the
 * database. Nothing is said when no file was written.
 */
export function warnCreatedBehind(engine: EngineContext, pending: string[]): void {
  if (pending.length > 0) {
    engine.settings.onEvent({ type: 'created-behind', pending });
  }
}

/**
 * After the new files' plan: a statement the server already refuses on this database would fail
 * the run half-way, so the migration is not kept (create refuses, like `up` would).
 */
export async function refuseFailingPlan(
  lines: PlanLine[],
  written: { names: string[]; paths: string[] },
  undo: Undo,
): Promise<void> {
  const failing = lines.find((line) => line.fails !== undefined);
  if (!failing) {
    return;
  }
  await undo(written.paths);
  const statements = lines.filter((line) => line.migration === failing.migration).length;
  throw new PlanForeseesFailureError(
    failing.migration,
    failing.statement,
    statements,
    failing.sql,
    failing.fails!,
    [],
    'create',
  );
}

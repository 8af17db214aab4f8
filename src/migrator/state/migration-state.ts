import type { MetaRow } from './migration-meta.js';
import type { TrackingRow } from './tracking-table.js';
import type { EntryState, MigrationEntry, MigrationFile, MigrationState } from '../types.js';

/** What is known of the runs going on now. */
export interface LiveRuns {
  /**
   * The connection holding another run's migration lock, or null: a `running` record is a run in
   * progress while the lock is held, and an interrupted one (killed, crashed) once it is free.
   */
  lockHolder?: number | null;
}

export function buildState(
  files: MigrationFile[],
  checksums: Map<string, string>,
  tracking: TrackingRow[],
  meta: Map<string, MetaRow>,
  { lockHolder = null }: LiveRuns = {},
): MigrationState {
  const applied = new Map(tracking.map((row, index) => [row.name, { ...row, order: index + 1 }]));
  const fileByName = new Map(files.map((file) => [file.name, file]));
  const names = [...new Set([...files.map((file) => file.name), ...applied.keys()])].sort();
  const lastApplied = [...applied.keys()].sort().pop();
  const entries = names.map((name): MigrationEntry => {
    const file = fileByName.get(name);
    const row = applied.get(name);
    const record = meta.get(name);
    const checksum = checksums.get(name);
    const recordedChecksum = row ? (record?.status === 'applied' ? record.checksum : null) : undefined;
    const running = !row && record?.status === 'running' && lockHolder !== null;
    const failed =
      !row && !running && (record?.status === 'failed' || record?.status === 'running' || record?.status === 'blocked');
    return {
      name,
      path: file?.path,
      state: stateOf(row !== undefined, file !== undefined, running, failed),
      appliedAt: row?.executedAt,
      appliedOrder: row?.order,
      checksum,
      recordedChecksum,
      checksumChanged: Boolean(row && file && recordedChecksum && checksum && recordedChecksum !== checksum),
      outOfOrder: Boolean(!row && !failed && !running && lastApplied && name < lastApplied),
      running: running
        ? {
            connection: lockHolder,
            statement: record.failedStatement,
            statements: record.statements,
            since: record.updatedAt,
          }
        : undefined,
      failure: failed
        ? {
            statement: record.failedStatement,
            statements: record.statements,
            error:
              record.status === 'running'
                ? 'interrupted: its run stopped during this statement (the process was killed or crashed)'
                : (record.error ?? ''),
            at: record.updatedAt,
            resumable: record.status === 'blocked' && record.checksum === checksum && record.failedStatement !== null,
          }
        : undefined,
    };
  });
  const head = entries.filter((entry) => entry.state === 'applied' || entry.state === 'missing-file').pop()?.name;
  return { entries, head };
}

function stateOf(applied: boolean, hasFile: boolean, running: boolean, failed: boolean): EntryState {
  if (applied) {
    return hasFile ? 'applied' : 'missing-file';
  }
  return running ? 'running' : failed ? 'failed' : 'pending';
}

/** Blocked migrations that `up` resumes, with the statement it resumes at. */
export function resumePoints(state: MigrationState): Map<string, number> {
  return new Map(
    state.entries
      .filter((entry) => entry.failure?.resumable)
      .map((entry) => [entry.name, entry.failure!.statement!] as const),
  );
}

/** The migration files the state was built from, by name. */
export function filesOf(state: MigrationState): Map<string, MigrationFile> {
  return new Map(
    state.entries.filter((entry) => entry.path).map((entry) => [entry.name, { name: entry.name, path: entry.path! }]),
  );
}

export const byState = (state: MigrationState, ...wanted: EntryState[]) =>
  state.entries.filter((entry) => wanted.includes(entry.state));

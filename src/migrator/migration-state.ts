import type { MetaRow } from './migration-meta.js';
import type { MigrationFile } from './migration-source.js';

export type EntryState = 'applied' | 'pending' | 'failed' | 'missing-file';

export interface TrackingRow {
  name: string;
  /** As the server wrote it (server time zone). */
  executedAt: string;
}

/** One migration as the files, MikroORM's tracking table and our companion table see it together. */
export interface MigrationEntry {
  name: string;
  path?: string;
  state: EntryState;
  appliedAt?: string;
  /** Checksum of the file now (undefined when the file is missing). */
  checksum?: string;
  /** Checksum recorded when it was applied; null when it was applied before checksums were kept. */
  recordedChecksum?: string | null;
  checksumChanged: boolean;
  /** Pending, but sorts before the last applied migration. */
  outOfOrder: boolean;
  /** expand or contract, from its file (undefined when the file is missing). */
  phase?: 'expand' | 'contract';
  failure?: {
    statement: number | null;
    statements: number | null;
    error: string;
    at: string;
    /** It gave up on a metadata lock at `statement` and its file is unchanged: `up` resumes there. */
    resumable: boolean;
  };
}

export interface MigrationState {
  entries: MigrationEntry[];
  /** The last applied migration, or undefined at base. */
  head?: string;
}

export function buildState(
  files: MigrationFile[],
  checksums: Map<string, string>,
  tracking: TrackingRow[],
  meta: Map<string, MetaRow>,
): MigrationState {
  const applied = new Map(tracking.map((row) => [row.name, row]));
  const fileByName = new Map(files.map((file) => [file.name, file]));
  const names = [...new Set([...files.map((file) => file.name), ...applied.keys()])].sort();
  const lastApplied = [...applied.keys()].sort().pop();
  const entries = names.map((name): MigrationEntry => {
    const file = fileByName.get(name);
    const row = applied.get(name);
    const record = meta.get(name);
    const checksum = checksums.get(name);
    const recordedChecksum = row ? (record?.status === 'applied' ? record.checksum : null) : undefined;
    const failed =
      !row && (record?.status === 'failed' || record?.status === 'running' || record?.status === 'blocked');
    return {
      name,
      path: file?.path,
      state: row ? (file ? 'applied' : 'missing-file') : failed ? 'failed' : 'pending',
      appliedAt: row?.executedAt,
      checksum,
      recordedChecksum,
      checksumChanged: Boolean(row && file && recordedChecksum && checksum && recordedChecksum !== checksum),
      outOfOrder: Boolean(!row && !failed && lastApplied && name < lastApplied),
      failure: failed
        ? {
            statement: record.failedStatement,
            statements: record.statements,
            error:
              record.status === 'running'
                ? 'interrupted: its run stopped during this statement (process killed or crashed), or is still running'
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

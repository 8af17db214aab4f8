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
  failure?: { statement: number | null; statements: number | null; error: string; at: string };
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
    const failed = !row && (record?.status === 'failed' || record?.status === 'running');
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
          }
        : undefined,
    };
  });
  const head = entries.filter((entry) => entry.state === 'applied' || entry.state === 'missing-file').pop()?.name;
  return { entries, head };
}

/** The migration files the state was built from, by name. */
export function filesOf(state: MigrationState): Map<string, MigrationFile> {
  return new Map(
    state.entries.filter((entry) => entry.path).map((entry) => [entry.name, { name: entry.name, path: entry.path! }]),
  );
}

export const byState = (state: MigrationState, ...wanted: EntryState[]) =>
  state.entries.filter((entry) => wanted.includes(entry.state));

/** What stands in the way of a run, one line each, with the way out. Empty when all is well. */
export function blockingProblems(state: MigrationState, options: { allowOutOfOrder: boolean; method?: 'up' | 'down' }) {
  const problems: string[] = [];
  for (const entry of state.entries) {
    if (entry.state === 'failed') {
      problems.push(failedMessage(entry));
    }
    if (entry.state === 'missing-file') {
      problems.push(
        `migration ${entry.name} is recorded as applied but its file is missing from migrations/ — restore the file ` +
          '(git), or if it was removed on purpose, remove its record with `npx mikro-orm migration:unlog --name ' +
          `${entry.name}\``,
      );
    }
    if (entry.checksumChanged) {
      problems.push(
        `migration ${entry.name} (${entry.path}) was changed after it was applied (checksum ${short(entry.recordedChecksum)} → ` +
          `${short(entry.checksum)}) — revert the edit and add a new migration instead, or if the edit was deliberate ` +
          'and the database already matches it, run `npm run db -- repair --checksums`',
      );
    }
    if (entry.outOfOrder && options.method !== 'down' && !options.allowOutOfOrder) {
      problems.push(
        `migration ${entry.name} is pending but sorts before the last applied migration ${state.head} (out of order) — ` +
          'rename it to a later timestamp, or apply it deliberately with `npm run db -- up --allow-out-of-order` ' +
          '(MIGRATIONS_ALLOW_OUT_OF_ORDER=true for `npx mikro-orm migration:up`)',
      );
    }
  }
  return problems;
}

export function failedMessage(entry: MigrationEntry): string {
  const where = entry.failure?.statement
    ? `at statement ${entry.failure.statement} of ${entry.failure.statements}`
    : 'before its first statement completed';
  const committed =
    entry.failure?.statement && entry.failure.statement > 1
      ? `statements 1–${entry.failure.statement - 1} were committed and are still in the database (MySQL does not roll back DDL)`
      : 'no statement of it had been committed';
  const uncertain = entry.failure?.error.startsWith('interrupted')
    ? `; statement ${entry.failure.statement} itself may or may not have completed`
    : '';
  return (
    `migration ${entry.name} FAILED ${where} (${entry.failure?.error ?? 'unknown error'}); ${committed}${uncertain}. ` +
    `Fix the database by hand, then either \`npm run db -- resolve ${entry.name} --rolled-back\` ` +
    `(its effects are undone; it will run again) or \`npm run db -- resolve ${entry.name} --applied\` (you completed it by hand)`
  );
}

function short(checksum: string | null | undefined): string {
  return checksum ? checksum.slice(0, 12) : '?';
}

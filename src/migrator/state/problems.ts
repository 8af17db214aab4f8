import type { MigrationEntry, MigrationState, Problem } from '../types.js';

export interface ProblemOptions {
  allowOutOfOrder: boolean;
  /** Out-of-order pending migrations do not stop a run down; migrations of a newer release stop only down. */
  method?: 'up' | 'down';
}

/**
 * Applied migrations newer than every file of this checkout: a newer release applied them (its
 * expand part, while this one still runs during a rolling deploy, or an older checkout on a newer
 * database). The schema is ahead, which an expand migration keeps compatible: a problem only for
 * `down`, which would need their files.
 */
export function newerRelease(state: MigrationState): MigrationEntry[] {
  const lastKnown = state.entries.filter((entry) => entry.path).at(-1)?.name ?? '';
  return state.entries.filter((entry) => entry.state === 'missing-file' && entry.name > lastKnown);
}

/**
 * The pending file that holds exactly the statements of an applied migration whose file is gone
 * (the same checksum): that migration, renamed after it was applied here.
 */
export function renamedCopyOf(state: MigrationState, missing: MigrationEntry): MigrationEntry | undefined {
  const recorded = missing.recordedChecksum;
  return recorded
    ? state.entries.find((entry) => entry.state === 'pending' && entry.path && entry.checksum === recorded)
    : undefined;
}

/** Every problem with the recorded migrations, in migration order; empty when all is well. */
export function findProblems(state: MigrationState, options: ProblemOptions): Problem[] {
  const problems: Problem[] = [];
  const newer = new Set(newerRelease(state).map((entry) => entry.name));
  for (const entry of state.entries) {
    // A blocked migration is what `up` resumes; it stops every other kind of run.
    if (entry.state === 'failed' && !(entry.failure?.resumable && options.method === 'up')) {
      problems.push({ kind: 'failed', entry });
    }
    if (entry.state === 'missing-file' && (!newer.has(entry.name) || options.method === 'down')) {
      const renamedTo = renamedCopyOf(state, entry)?.name;
      problems.push({
        kind: 'missing-file',
        name: entry.name,
        newerRelease: newer.has(entry.name),
        ...(renamedTo && { renamedTo }),
      });
    }
    if (entry.className !== undefined && entry.className !== entry.name) {
      problems.push({ kind: 'name-mismatch', name: entry.name, path: entry.path, className: entry.className });
    }
    if (entry.checksumChanged) {
      problems.push({
        kind: 'checksum-changed',
        name: entry.name,
        path: entry.path,
        recorded: entry.recordedChecksum,
        current: entry.checksum,
      });
    }
    if (entry.outOfOrder && options.method !== 'down' && !options.allowOutOfOrder) {
      problems.push({ kind: 'out-of-order', name: entry.name, head: state.head });
    }
  }
  return problems;
}

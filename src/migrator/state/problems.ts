import type { MigrationState, Problem } from '../types.js';

export interface ProblemOptions {
  allowOutOfOrder: boolean;
  /** Out-of-order pending migrations do not stop a run down. */
  method?: 'up' | 'down';
}

/** Every problem with the recorded migrations, in migration order; empty when all is well. */
export function findProblems(state: MigrationState, options: ProblemOptions): Problem[] {
  const problems: Problem[] = [];
  for (const entry of state.entries) {
    // A blocked migration is what `up` resumes; it stops every other kind of run.
    if (entry.state === 'failed' && !(entry.failure?.resumable && options.method === 'up')) {
      problems.push({ kind: 'failed', entry });
    }
    if (entry.state === 'missing-file') {
      problems.push({ kind: 'missing-file', name: entry.name });
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

import type { FailedDataCheck, MigrationPhase, PlanLine } from '../types.js';
import type { DdlExecutor } from '../server/ddl-executor.js';
import type { OnlineChange } from '../server/online-change.js';

export interface StatementRunStats {
  statements: number;
  durationMs: number;
}

/** What the statement runner reports back as it goes (the run recorder listens). */
export interface RunProgress {
  /** Before statement k of n runs (up), so that a killed process is found out afterwards. */
  statementStarting(migration: string, statement: number, statements: number): Promise<void>;
  /** After a migration's statements ran. */
  ran(migration: string, stats: StatementRunStats): void;
}

/**
 * Everything one run needs, built once when it starts and handed to the pieces that use it,
 * instead of fields other classes set on them: where statements go (the run's DDL session), the
 * server's plan by migration (ALTERs pinned to it, data checks counted before), where a blocked
 * migration resumes, how table copies run online, and whom to tell.
 */
export interface RunContext {
  readonly method: 'up' | 'down';
  readonly executor: DdlExecutor;
  /** up only: the plan's lines of each migration (empty when no plan could be made). */
  readonly plan: ReadonlyMap<string, readonly PlanLine[]>;
  /** Blocked migrations and the statement each resumes at (up). */
  readonly resumeAt: ReadonlyMap<string, number>;
  /** Each migration's phase, for what a held-back one says to run next. */
  readonly phases: ReadonlyMap<string, MigrationPhase>;
  /** Counts the data checks of these planned statements on the live database: those that found rows. */
  readonly failedChecks: (lines: readonly PlanLine[]) => Promise<FailedDataCheck[]>;
  /**
   * The run's first migration, whose data checks the gates counted a moment before it (gates/data-checks.ts);
   * the runner counts those of every later one again, since earlier migrations ran in between.
   */
  readonly checkedAtStart?: string;
  /** Runs one planned table copy through pt-online-schema-change. */
  readonly onlineChange: (change: OnlineChange) => Promise<void>;
  readonly progress: RunProgress;
}

export function runContext(parts: RunContext): RunContext {
  return Object.freeze({
    ...parts,
    plan: new Map(parts.plan),
    resumeAt: new Map(parts.resumeAt),
    phases: new Map(parts.phases),
  });
}

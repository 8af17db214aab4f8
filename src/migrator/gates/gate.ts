import type { MigratorSettings } from '../settings.js';
import type { RunSelection } from '../state/run-selection.js';
import type { MigrationSql, MigrationState, PlanLine } from '../types.js';

/**
 * When a gate looks at a run: before the migration lock is taken (the request and the settings
 * alone), under the lock once the recorded state and the selection are known, and once the
 * server's plan of the statements is known. Every gate runs before the run's first statement.
 */
export type GateScope = 'before-lock' | 'before-run' | 'after-plan';

/** One query on the migrator's connection to the live database. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface BeforeLockContext {
  readonly method: 'up' | 'down';
  readonly settings: MigratorSettings;
}

export interface BeforeRunContext extends BeforeLockContext {
  readonly state: MigrationState;
  readonly selection: RunSelection;
  /** Each migration the run touches, in run order, with its SQL (a file that is missing has none). */
  readonly migrations: readonly { name: string; sql?: MigrationSql }[];
  readonly query: Query;
}

export interface AfterPlanContext extends BeforeRunContext {
  /** The server's plan of the statements `up` will send; empty when none could be made (outside production). */
  readonly plan: readonly PlanLine[];
}

export interface GateContexts {
  'before-lock': BeforeLockContext;
  'before-run': BeforeRunContext;
  'after-plan': AfterPlanContext;
}

/**
 * One check that can refuse a run, in a file of its own: it throws the engine error that says
 * why (nothing has run by then), or returns and lets the run go on, reporting what it allowed.
 */
export interface Gate<S extends GateScope> {
  readonly name: string;
  readonly scope: S;
  readonly methods: readonly ('up' | 'down')[];
  check(context: GateContexts[S]): Promise<void>;
}

export type AnyGate = Gate<'before-lock'> | Gate<'before-run'> | Gate<'after-plan'>;

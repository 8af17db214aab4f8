import type { MigrationError } from './errors/index.js';

import type { Blocker, BreakingFinding, MigrationPhase, PlanLine, ProductionMarker } from './types.js';

/**
 * What the engine reports while it works. It words nothing: a listener (the db command's run
 * log, src/migration-words/run-log.ts) turns events into lines of text or JSON.
 */
export type MigratorEvent =
  | { type: 'lock-waiting'; lock: string; holder: number | null; timeoutSeconds: number }
  | { type: 'lock-acquired'; lock: string }
  /**
   * On a cluster: the lock's holder was provably gone (its connection or its member), or its
   * lease ran out without it being released, so its lock was taken over.
   */
  | { type: 'lock-taken-over'; lock: string; owner: string; holder: number; why: 'gone' | 'lease' }
  /**
   * The run whose lock was taken over was interrupted at `statement`; whether it had taken effect
   * was read from the schema, and `up` resumes the migration at `resumeAt`.
   */
  | {
      type: 'run-recovered';
      name: string;
      statement: number;
      statements: number;
      tookEffect: boolean;
      resumeAt: number;
    }
  | { type: 'run-started'; direction: 'up' | 'down'; planned: string[] }
  | {
      type: 'migration-done';
      direction: 'up' | 'down';
      name: string;
      status: 'applied' | 'reverted';
      statements: number;
      durationMs: number;
      /** Set when a blocked migration was resumed at this statement. */
      resumedFrom?: number;
    }
  | {
      type: 'migration-failed';
      direction: 'up' | 'down';
      name: string;
      /** 1-based; undefined when it failed outside a statement (loading the file, …). */
      statement?: number;
      statements: number;
      error: string;
    }
  /**
   * A statement was held back before it ran (its metadata lock, the server refusing its planned
   * algorithm, a data check): pending when it was the first, else blocked at it.
   */
  | {
      type: 'migration-blocked';
      direction: 'up' | 'down';
      name: string;
      statement: number;
      statements: number;
      resumable: boolean;
      why: 'ddl-lock-timeout' | 'pin-refused' | 'data-check';
      /** A contract migration resumes with `up --contract`. */
      phase: MigrationPhase;
    }
  /** What the run's statements will do, as the server answered (printed before production runs). */
  | { type: 'plan'; server: string; lines: PlanLine[] }
  /** No plan could be made (e.g. no right to create the scratch database): statements run unpinned. */
  | { type: 'plan-unavailable'; reason: string }
  /** down undoes in the order migrations were applied, which differs here from the files' order. */
  | { type: 'down-order'; names: string[] }
  /** Nothing was applied yet, so up applies the contract migrations too, in file order with the rest. */
  | { type: 'fresh-database'; contracts: string[] }
  /** up stopped before contract migrations; `up --contract` applies them. */
  | { type: 'contract-pending'; names: string[]; deployFirst?: string[] }
  /** A table copy runs (or ran) through pt-online-schema-change; `output` is one line it printed. */
  | {
      type: 'online-change';
      migration: string;
      statement: number;
      table: string;
      stage: 'started' | 'output' | 'done';
      output?: string;
      durationMs?: number;
    }
  /** A statement that blocks writes on a big table runs in production because its file allows it. */
  | { type: 'blocking-allowed'; name: string; reason: string; lines: PlanLine[] }
  | { type: 'run-finished'; direction: 'up' | 'down'; outcome: 'ok' | 'failed' }
  /** One attempt of a statement timed out waiting for its metadata lock. */
  | {
      type: 'ddl-lock-wait';
      migration: string;
      statement: number;
      statements: number;
      sql: string;
      table?: string;
      attempt: number;
      waitedMs: number;
      /** null: the budget is spent and this was the last attempt. */
      retryInMs: number | null;
      blockers: Blocker[];
      /** Why the blockers could not be read (e.g. no PROCESS privilege). */
      blockersUnknown?: string;
    }
  /** --kill-blockers ended a connection that blocked a statement. */
  | { type: 'blocker-killed'; blocker: Blocker }
  /** --kill-blockers left an open transaction alone: nothing says it holds the table's lock. */
  | { type: 'blocker-spared'; blocker: Blocker; table?: string }
  /** --kill-blockers installed MariaDB's metadata_lock_info plugin, or could not (detail says why). */
  | { type: 'lock-info-plugin'; installed: boolean; detail: string }
  /** Transactions open longer than the threshold, seen before a run or by status. */
  | { type: 'long-transactions'; thresholdSeconds: number; transactions: Blocker[] }
  /** create could not replay the migration files to check the snapshot against them (no database, no right). */
  | { type: 'snapshot-unverified'; path: string; reason: string }
  /** create while migrations are pending on the database: the new one comes after them. */
  | { type: 'created-behind'; pending: string[] }
  /** migration:create wrote a file with destructive statements. */
  | {
      type: 'destructive-created';
      file: string;
      findings: BreakingFinding[];
      /** Set when --split wrote the breaking part into this contract migration. */
      contractFile?: string;
    }
  /**
   * Outside production, a migration applies although production would refuse it until its class
   * carries these markers (a breaking or destructive change in the development loop).
   */
  | { type: 'markers-missing'; name: string; missing: ProductionMarker[]; findings: BreakingFinding[] }
  /** A destructive migration runs in production because its file allows it. */
  | { type: 'destructive-allowed'; name: string; reason: string }
  /** Outside production, schema:update or schema:create changes the schema outside the migrations, losing data. */
  | { type: 'outside-migrations'; command: 'schema:update' | 'schema:create'; statements: number; loss: string }
  /** Force given: a production run goes on with what loses data. */
  | { type: 'forced'; action: string; loss: string; via: 'flag' | 'environment' }
  /** The engine refused or failed; the same error is then thrown to the caller. */
  | { type: 'refused'; error: MigrationError };

export type MigratorListener = (event: MigratorEvent) => void;

import type { DestructiveFinding } from './destructive-lint.js';
import type { MigrationError } from './errors.js';

/**
 * What the engine reports while it works. It words nothing: a listener (the CLI's run log,
 * cli/run-log.ts) turns events into lines of text or JSON.
 */
export type MigratorEvent =
  | { type: 'lock-waiting'; lock: string; holder: number | null; timeoutSeconds: number }
  | { type: 'lock-acquired'; lock: string }
  | { type: 'run-started'; direction: 'up' | 'down'; planned: string[] }
  | {
      type: 'migration-done';
      direction: 'up' | 'down';
      name: string;
      status: 'applied' | 'reverted';
      statements: number;
      durationMs: number;
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
  | { type: 'run-finished'; direction: 'up' | 'down'; outcome: 'ok' | 'failed' }
  /** migration:create wrote a file with destructive statements. */
  | { type: 'destructive-created'; file: string; findings: DestructiveFinding[] }
  /** A destructive migration runs in production because its file allows it. */
  | { type: 'destructive-allowed'; name: string; reason: string }
  /** Force given: a production run goes on with what loses data. */
  | { type: 'forced'; action: string; loss: string; via: 'flag' | 'environment' }
  /** The engine refused or failed; the same error is then thrown to the caller. */
  | { type: 'refused'; error: MigrationError };

export type MigratorListener = (event: MigratorEvent) => void;

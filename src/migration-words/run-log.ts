import { type MigratorListener } from '../migrator/index.js';
import { asJson, eventText } from './event-lines.js';
import {
  contractPendingText,
  migrationJson,
  migrationText,
  summaryJson,
  summaryText,
  type MigrationLine,
} from './migration-lines.js';
import { DEFAULT_DB_COMMAND } from './ways-out.js';

/** The run log: one line per migration and a summary, as text or JSON lines. */
export type RunLogFormat = 'text' | 'json';

/**
 * Turns the engine's events into the run log and its warnings, written one line per call. In JSON
 * every event is one object named by its type; the summary counts the run's own migration lines
 * and knows which contract migrations the run held back, so this listener keeps them.
 */
export function runLog(
  format: RunLogFormat,
  write: (line: string) => void,
  db: string = DEFAULT_DB_COMMAND,
): MigratorListener {
  let migrations: MigrationLine[] = [];
  let started = performance.now();
  /** Contract migrations this run holds back: the summary must not call the database up to date. */
  let heldBack: string[] = [];
  return (event) => {
    switch (event.type) {
      case 'run-started':
        migrations = [];
        started = performance.now();
        return;
      case 'migration-done':
      case 'migration-failed':
      case 'migration-blocked':
        migrations.push(event);
        return write(format === 'json' ? migrationJson(event) : migrationText(event, db));
      case 'run-finished': {
        const durationMs = Math.round(performance.now() - started);
        const line =
          format === 'json'
            ? summaryJson(event, migrations, durationMs)
            : summaryText(event, migrations, durationMs, heldBack);
        heldBack = [];
        return write(line);
      }
      case 'contract-pending':
        heldBack = event.names;
        return write(format === 'json' ? asJson(event) : contractPendingText(event.names, db, event.deployFirst));
      case 'refused':
        // The caller prints the error itself (both CLIs do); a line here would say it twice.
        return;
      default:
        return format === 'json' ? write(asJson(event)) : eventText(event, db).forEach(write);
    }
  };
}

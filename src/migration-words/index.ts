/**
 * The words of the migration engine's command lines: what the `db` command and the MikroORM CLI
 * (through src/db/orm-config.ts) print. The engine reports events, errors and data; this module
 * turns them into lines for people, and holds the one typed table of the `db` command's
 * sub-commands and flags that every printed way out is built from. Atlas splits its `sql/migrate`
 * package (events) from `cmdlog` (templates) the same way. It imports nothing of the engine but
 * its public surface (src/migrator/index.ts), and the engine imports nothing of it (lint).
 */
export { explain } from './explain.js';
export { formatFindings } from './findings.js';
export { formatMigration } from './format-migration.js';
export { checkLines, planLineText, planTable } from './plan-table.js';
export { contractPendingText } from './migration-lines.js';
export { runLog, type RunLogFormat } from './run-log.js';
export { safeSequenceLines } from './safe-sequences.js';
export { schemaSummary } from './schema-summary.js';
export { textTable } from './text-table.js';
export { commandWords, DB_COMMANDS, DEFAULT_DB_COMMAND, wayOut, type DbCommandName, type FlagsOf } from './ways-out.js';
export { describeBlocker, describeProblem } from './wording.js';

/**
 * The command line's public surface: the `db` command itself, and the wording and run log that
 * mikro-orm.config.ts hands the engine so the MikroORM CLI prints what `db` prints.
 */
export { describeFailure, runDbCli } from './run.js';
export { runLog, type RunLogFormat } from './run-log.js';
export { explain } from './wording.js';
export { formatMigration } from './format-migration.js';

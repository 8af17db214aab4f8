/** The `db` command's public surface: what tests and the entry point run. */
export { describeFailure, runDbCli } from './run.js';

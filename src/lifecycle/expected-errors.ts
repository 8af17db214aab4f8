import { ConfigError } from '../config/config.error.js';
import { DatabaseConnectError } from '../db/database-connect.error.js';
import { MigrationError } from '../migrator/index.js';
import { SchemaNotCurrentError } from './schema-not-current.error.js';

/**
 * Errors whose message is already the whole story: a bad setting, an unreachable server, a
 * schema behind the build, an engine refusal. The one list the API's start-up, the MikroORM CLI
 * and the `db` command share.
 */
const EXPECTED = [ConfigError, DatabaseConnectError, SchemaNotCurrentError, MigrationError];

export function isExpectedError(error: unknown): boolean {
  return EXPECTED.some((type) => error instanceof type);
}

/** What to print of an error that ends a process: the message alone when expected, else the stack. */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  return isExpectedError(error) ? error.message : (error.stack ?? error.message);
}

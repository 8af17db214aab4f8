import { ConfigError } from '../config/config.error.js';
import { DatabaseConnectError } from '../db/database-connect.error.js';
import { MigrationError } from '../migrator/index.js';
import { SchemaNotCurrentError } from '../lifecycle/schema-not-current.error.js';

/** Errors whose message is already the whole story: print it alone, no stack trace. */
const EXPECTED = [ConfigError, DatabaseConnectError, SchemaNotCurrentError, MigrationError];

export function exitWithOneLine(error: unknown): never {
  const expected = EXPECTED.some((type) => error instanceof type);
  const text = error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`${expected ? 'error' : 'fatal'}: ${text}\n`);
  process.exit(1);
}

/**
 * Ends a successful run whose log already said what it left pending (contract migrations), so a
 * host CLI cannot follow it with "migrated up to the latest version".
 */
export function exitAfterRunLog(): never {
  process.exit(0);
}

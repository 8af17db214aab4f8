import { failureText, isExpectedError } from './expected-errors.js';

/** Ends the process on an error: one line when it is expected (expected-errors.ts), else its stack. */
export function exitWithOneLine(error: unknown): never {
  process.stderr.write(`${isExpectedError(error) ? 'error' : 'fatal'}: ${failureText(error)}\n`);
  process.exit(1);
}

/**
 * Ends a successful run whose log already said what it left pending (contract migrations), so a
 * host CLI cannot follow it with "migrated up to the latest version".
 */
export function exitAfterRunLog(): never {
  process.exit(0);
}

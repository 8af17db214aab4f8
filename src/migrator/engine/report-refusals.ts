import { MigrationError } from '../errors/index.js';
import type { MigratorSettings } from '../settings.js';

/**
 * Runs work; an engine refusal that escapes it is reported to the host three ways, each only if
 * the host asks: as a `refused` event, in the host's words (its message rewritten by `explain`),
 * and by the host's exit (`exitOnError`). Any other error passes through untouched.
 */
export async function reportRefusals<T>(
  settings: Pick<MigratorSettings, 'explain' | 'onEvent' | 'exitOnError'>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MigrationError) {
      settings.onEvent({ type: 'refused', error });
      if (settings.explain) {
        error.message = settings.explain(error);
      }
      settings.exitOnError?.(error);
    }
    throw error;
  }
}

import { ForceRequiredError } from '../errors/index.js';
import type { MigratorSettings } from '../settings.js';

/**
 * The one force rule of production: what loses data throws ForceRequiredError, naming what it
 * would lose, unless forced; when forced, it reports the loss and lets the action go on.
 * Outside production it neither asks nor measures.
 */
export async function requireForce(
  settings: Pick<MigratorSettings, 'production' | 'force' | 'onEvent'>,
  action: string,
  via: 'flag' | 'environment',
  describeLossOf: () => Promise<string>,
  instead?: string,
): Promise<void> {
  if (!settings.production) {
    return;
  }
  const loss = await describeLossOf();
  if (!settings.force) {
    throw new ForceRequiredError(action, loss, via, instead);
  }
  settings.onEvent({ type: 'forced', action, loss, via });
}

import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { openTransactions } from '../server/blockers.js';
import type { MigratorSettings } from '../settings.js';
import type { Blocker } from '../types.js';

/** Transactions open at least `seconds`, read through the ORM's connection. */
export function longTransactions(driver: AbstractSqlDriver, seconds: number): Promise<Blocker[]> {
  return openTransactions((sql, params) => driver.execute(sql, params ?? []), seconds);
}

/**
 * Before a run's first statement, transactions open long enough to hold up a DDL statement are
 * reported (when visible: reading them needs the PROCESS privilege).
 */
export async function reportLongTransactions(settings: MigratorSettings, driver: AbstractSqlDriver): Promise<void> {
  const transactions = await longTransactions(driver, settings.longTransactionSeconds).catch(() => []);
  if (transactions.length > 0) {
    settings.onEvent({ type: 'long-transactions', thresholdSeconds: settings.longTransactionSeconds, transactions });
  }
}

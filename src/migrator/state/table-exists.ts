import type { AbstractSqlDriver } from '@mikro-orm/sql';

export async function tableExists(driver: AbstractSqlDriver, table: string): Promise<boolean> {
  const rows = await driver.execute<{ n: number }[]>(
    'select count(*) as n from information_schema.tables where table_schema = database() and table_name = ?',
    [table],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

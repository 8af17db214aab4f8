import type { Blocker } from '../types.js';
/**
 * Who stands in the way of a DDL statement's metadata lock, from the server's own tables:
 * the holders of a lock on the table where the server tells (MySQL 8's
 * performance_schema.metadata_locks; MariaDB's METADATA_LOCK_INFO plugin when loaded), else
 * the oldest open transactions, which is where an idle-in-transaction reader shows up.
 */

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

interface ProcessRow {
  id: number | string;
  user: string | null;
  host: string | null;
  command: string | null;
  state: string | null;
  info: string | null;
  trx_seconds: number | string | null;
}

const PROCESS_COLUMNS =
  'p.ID as id, p.USER as user, p.HOST as host, p.COMMAND as command, p.STATE as state, p.INFO as info, ' +
  'timestampdiff(second, t.trx_started, now()) as trx_seconds';
const PROCESS_FROM =
  'information_schema.PROCESSLIST p left join information_schema.INNODB_TRX t on t.trx_mysql_thread_id = p.ID';

export function toBlocker(row: ProcessRow, source: Blocker['source']): Blocker {
  const command = row.command ?? '';
  return {
    connectionId: Number(row.id),
    user: row.user ?? '',
    host: row.host ?? '',
    transactionSeconds: row.trx_seconds === null ? null : Number(row.trx_seconds),
    state: row.state ? `${command}: ${row.state}` : command,
    statement: row.info,
    source,
  };
}

/**
 * Connection ids holding a granted metadata lock on the table, or null when the server does not
 * say: MySQL 8's performance_schema (instrumented by default), then MariaDB's plugin table. A
 * source that answers with nothing may just be switched off (MariaDB has performance_schema's
 * tables but leaves it disabled), so the next one is asked too.
 */
async function metadataLockHolders(query: Query, table: string): Promise<number[] | null> {
  const sources = [
    'select t.PROCESSLIST_ID as id from performance_schema.metadata_locks m ' +
      'join performance_schema.threads t on t.THREAD_ID = m.OWNER_THREAD_ID ' +
      "where m.OBJECT_TYPE = 'TABLE' and m.OBJECT_SCHEMA = database() and m.OBJECT_NAME = ? " +
      "and m.LOCK_STATUS = 'GRANTED' and t.PROCESSLIST_ID <> connection_id()",
    'select THREAD_ID as id from information_schema.METADATA_LOCK_INFO ' +
      'where TABLE_SCHEMA = database() and TABLE_NAME = ? and THREAD_ID <> connection_id()',
  ];
  let answered = false;
  for (const sql of sources) {
    const ids = await query<{ id: number | string }>(sql, [table]).then(
      (rows) => rows.map((row) => Number(row.id)),
      () => null,
    );
    if (ids && ids.length > 0) {
      return [...new Set(ids)];
    }
    answered ||= ids !== null;
  }
  return answered ? [] : null;
}

/** The connections blocking a DDL statement on `table` (without a table: the oldest open transactions). */
export async function findBlockers(query: Query, table: string | undefined, limit = 5): Promise<Blocker[]> {
  const holders = table ? await metadataLockHolders(query, table) : null;
  if (holders && holders.length > 0) {
    const rows = await query<ProcessRow>(
      `select ${PROCESS_COLUMNS} from ${PROCESS_FROM} where p.ID in (${holders.map(() => '?').join(', ')}) ` +
        'order by t.trx_started is null, t.trx_started limit ?',
      [...holders, limit],
    );
    return rows.map((row) => toBlocker(row, 'metadata-lock'));
  }
  return openTransactions(query, 0, limit, { sameDatabase: true });
}

/**
 * Transactions open at least `seconds`, oldest first, other than this connection's. As blockers
 * (`sameDatabase`), only those of connections using this database: what --kill-blockers may end.
 */
export async function openTransactions(
  query: Query,
  seconds: number,
  limit = 5,
  { sameDatabase = false } = {},
): Promise<Blocker[]> {
  const rows = await query<ProcessRow>(
    `select ${PROCESS_COLUMNS} from information_schema.INNODB_TRX t ` +
      'join information_schema.PROCESSLIST p on t.trx_mysql_thread_id = p.ID ' +
      'where p.ID <> connection_id() and t.trx_started <= now() - interval ? second ' +
      (sameDatabase ? 'and p.DB = database() ' : '') +
      'order by t.trx_started limit ?',
    [seconds, limit],
  );
  return rows.map((row) => toBlocker(row, 'open-transaction'));
}

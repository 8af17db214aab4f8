import type { Blocker } from '../types.js';
import { flavorOf } from './server-info.js';
/**
 * Who stands in the way of a DDL statement's metadata lock, from the server's own tables:
 * the holders of a lock on the table where the server tells (MySQL 8's
 * performance_schema.metadata_locks; MariaDB's METADATA_LOCK_INFO plugin when loaded, or
 * installed for --kill-blockers). Where nothing tells, the open transactions of the database,
 * narrowed to those seen touching the table (a statement on it running, InnoDB locks on it):
 * only those may be ended; the others are reported, never killed.
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

/** ER_UNKNOWN_TABLE: information_schema has no METADATA_LOCK_INFO (MariaDB without the plugin, or MySQL). */
const NO_SUCH_TABLE = 1109;

/**
 * MariaDB's metadata_lock_info plugin, installed at most once per run when --kill-blockers needs
 * to know who holds a table's lock: without it, MariaDB cannot tell the holder from any other
 * open transaction. INSTALL SONAME needs INSERT on mysql.plugin; refused, the run goes on with
 * the narrower rule and says why.
 */
export class LockInfoPlugin {
  private tried = false;

  constructor(private readonly report: (outcome: { installed: boolean; detail: string }) => void) {}

  /** Whether the plugin was installed now (false when tried before, refused, or not MariaDB). */
  async install(query: Query): Promise<boolean> {
    if (this.tried) {
      return false;
    }
    this.tried = true;
    const [{ version }] = await query<{ version: string }>('select version() as version');
    if (flavorOf(version) !== 'mariadb') {
      return false;
    }
    try {
      await query("install soname 'metadata_lock_info'");
      this.report({ installed: true, detail: "INSTALL SONAME 'metadata_lock_info'" });
      return true;
    } catch (error) {
      this.report({ installed: false, detail: (error as Error).message });
      return false;
    }
  }
}

const HOLDER_SOURCES = [
  'select t.PROCESSLIST_ID as id from performance_schema.metadata_locks m ' +
    'join performance_schema.threads t on t.THREAD_ID = m.OWNER_THREAD_ID ' +
    "where m.OBJECT_TYPE = 'TABLE' and m.OBJECT_SCHEMA = database() and m.OBJECT_NAME = ? " +
    "and m.LOCK_STATUS = 'GRANTED' and t.PROCESSLIST_ID <> connection_id()",
  'select THREAD_ID as id from information_schema.METADATA_LOCK_INFO ' +
    'where TABLE_SCHEMA = database() and TABLE_NAME = ? and THREAD_ID <> connection_id()',
];

/** The ids a holder source answers, or null when it cannot (missing table, switched off, no right). */
async function holdersFrom(
  query: Query,
  sql: string,
  table: string,
  plugin?: LockInfoPlugin,
): Promise<number[] | null> {
  try {
    return (await query<{ id: number | string }>(sql, [table])).map((row) => Number(row.id));
  } catch (error) {
    const missing = (error as { errno?: number }).errno === NO_SUCH_TABLE && sql.includes('METADATA_LOCK_INFO');
    return missing && plugin && (await plugin.install(query)) ? holdersFrom(query, sql, table) : null;
  }
}

/**
 * Connection ids holding a granted metadata lock on the table, or null when the server does not
 * say: MySQL 8's performance_schema (instrumented by default), then MariaDB's plugin table. A
 * source that answers with nothing may just be switched off (MariaDB has performance_schema's
 * tables but leaves it disabled), so the next one is asked too.
 */
async function metadataLockHolders(query: Query, table: string, plugin?: LockInfoPlugin): Promise<number[] | null> {
  let answered = false;
  for (const sql of HOLDER_SOURCES) {
    const ids = await holdersFrom(query, sql, table, plugin);
    if (ids && ids.length > 0) {
      return [...new Set(ids)];
    }
    answered ||= ids !== null;
  }
  return answered ? [] : null;
}

/** Whether a statement names the table (as a whole word, quoted or not). */
function namesTable(statement: string | null, table: string): boolean {
  const name = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return statement !== null && new RegExp(`(^|[^\\w$])${name}($|[^\\w$])`, 'i').test(statement);
}

/** Connections whose transaction holds InnoDB locks on the table, where the server lists them (MariaDB). */
async function innodbLockHolders(query: Query, table: string): Promise<Set<number>> {
  const rows = await query<{ id: number | string }>(
    'select t.trx_mysql_thread_id as id from information_schema.INNODB_LOCKS l ' +
      'join information_schema.INNODB_TRX t on t.trx_id = l.lock_trx_id ' +
      "where l.lock_table = concat('`', database(), '`.`', ?, '`')",
    [table],
  ).catch(() => []);
  return new Set(rows.map((row) => Number(row.id)));
}

/**
 * The connections blocking a DDL statement on `table` (without a table: the oldest open
 * transactions). `plugin`, given for --kill-blockers, installs MariaDB's metadata_lock_info
 * when it is missing.
 */
export async function findBlockers(
  query: Query,
  table: string | undefined,
  limit = 5,
  plugin?: LockInfoPlugin,
): Promise<Blocker[]> {
  const holders = table ? await metadataLockHolders(query, table, plugin) : null;
  if (holders && holders.length > 0) {
    const rows = await query<ProcessRow>(
      `select ${PROCESS_COLUMNS} from ${PROCESS_FROM} where p.ID in (${holders.map(() => '?').join(', ')}) ` +
        'order by t.trx_started is null, t.trx_started limit ?',
      [...holders, limit],
    );
    return rows.map((row) => toBlocker(row, 'metadata-lock'));
  }
  const open = await openTransactions(query, 0, limit, { sameDatabase: true });
  if (!table || open.length === 0) {
    return open;
  }
  const locking = await innodbLockHolders(query, table);
  return open.map((blocker) =>
    locking.has(blocker.connectionId) || namesTable(blocker.statement, table)
      ? { ...blocker, source: 'table-activity' }
      : blocker,
  );
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

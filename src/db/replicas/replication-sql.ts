import { quoteIdentifier } from '../../migrator/index.js';
import type { ServerFlavor } from '../server-probe.js';

/**
 * What each server family says about replication, and how to ask it. MySQL 8.0.22+ and
 * MariaDB 10.5.1+ both accept SHOW REPLICA STATUS; the columns keep their older names on
 * MariaDB (Slave_SQL_Running, Seconds_Behind_Master), so both spellings are read.
 */
export const REPLICA_STATUS_SQL = 'SHOW REPLICA STATUS';

export interface ReplicationState {
  /** Receiving the primary's changes (the I/O thread). */
  receiving: boolean;
  /** Applying them (the SQL thread). */
  applying: boolean;
  /** Seconds behind the primary; undefined when the server does not know (a thread stopped). */
  lagSeconds?: number;
  /** The last error a replication thread stopped on, if any. */
  lastError?: string;
}

/** One row of SHOW REPLICA STATUS; undefined when the server replicates from nobody. */
export function readReplicationState(rows: readonly Record<string, unknown>[]): ReplicationState | undefined {
  const row = rows[0];
  if (!row) {
    return undefined;
  }
  const column = (...names: string[]) => names.map((name) => row[name]).find((value) => value != null);
  const lag = column('Seconds_Behind_Source', 'Seconds_Behind_Master');
  const error = [column('Last_SQL_Error'), column('Last_IO_Error')].find(
    (text) => typeof text === 'string' && text !== '',
  );
  return {
    receiving: column('Replica_IO_Running', 'Slave_IO_Running') === 'Yes',
    applying: column('Replica_SQL_Running', 'Slave_SQL_Running') === 'Yes',
    lagSeconds: lag === undefined ? undefined : Number(lag),
    lastError: typeof error === 'string' ? error : undefined,
  };
}

/** Why a replica cannot serve reads, or undefined when it can. */
export function replicationProblem(state: ReplicationState | undefined, maxLagSeconds: number): string | undefined {
  if (!state) {
    return 'not a replica: SHOW REPLICA STATUS is empty';
  }
  if (!state.applying || !state.receiving) {
    const stopped = [!state.receiving && 'receiving (I/O thread)', !state.applying && 'applying (SQL thread)']
      .filter(Boolean)
      .join(' and ');
    return `replication stopped: not ${stopped}${state.lastError ? `; last error: ${state.lastError}` : ''}`;
  }
  if (state.lagSeconds === undefined) {
    return 'lag unknown';
  }
  if (state.lagSeconds > maxLagSeconds) {
    return `lag ${state.lagSeconds} s is over REPLICA_MAX_LAG_SECONDS (${maxLagSeconds} s)`;
  }
  return undefined;
}

/** The migrations a server has applied, oldest first: its tracking table's names. */
export function trackedNamesSql(table: string): string {
  return `SELECT name FROM ${quoteIdentifier(table)} ORDER BY id`;
}

/**
 * The primary's position after a commit, read on any connection: every transaction committed
 * so far, so a replica that has applied it has the client's write. MySQL: the executed GTID
 * set. MariaDB: the last GTID of each replication domain in the binary log.
 */
export function positionSql(flavor: ServerFlavor): string {
  return flavor === 'mysql'
    ? 'SELECT @@GLOBAL.gtid_executed AS position'
    : 'SELECT @@GLOBAL.gtid_binlog_pos AS position';
}

/**
 * Waits on a replica until it has applied a position, for at most `?` seconds. Both return 0
 * once applied; MySQL returns 1 and MariaDB -1 on time-out.
 */
export function waitSql(flavor: ServerFlavor): string {
  return flavor === 'mysql'
    ? 'SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS waited'
    : 'SELECT MASTER_GTID_WAIT(?, ?) AS waited';
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const MYSQL_GTID_SET = new RegExp(
  `^${UUID}(:[A-Za-z0-9_]{1,32})?(:\\d+(-\\d+)?)+(,\\s*${UUID}(:[A-Za-z0-9_]{1,32})?(:\\d+(-\\d+)?)+)*$`,
);
const MARIADB_GTID_POS = /^\d+-\d+-\d+(,\d+-\d+-\d+)*$/;

/** Whether a text is a position of this server family (what a decoded token must be). */
export function isPosition(flavor: ServerFlavor, text: string): boolean {
  return (flavor === 'mysql' ? MYSQL_GTID_SET : MARIADB_GTID_POS).test(text);
}

/**
 * How a server family gives read-your-writes: the primary's position after a write, and how a
 * replica waits until it has applied one. GTIDs for MySQL and MariaDB replication; a Galera
 * cluster has its own (src/db/cluster/galera-consistency.ts).
 */
export interface Consistency {
  positionSql: string;
  isPosition(text: string): boolean;
  /** Whether the replica has applied `position` within `waitMs`. */
  applied(
    execute: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
    position: string,
    waitMs: number,
  ): Promise<boolean>;
}

export function gtidConsistency(flavor: ServerFlavor): Consistency {
  return {
    positionSql: positionSql(flavor),
    isPosition: (text) => isPosition(flavor, text),
    async applied(execute, position, waitMs) {
      const [row] = await execute(waitSql(flavor), [position, waitMs / 1000]);
      return Number(row?.waited) === 0;
    },
  };
}

/** The consistency token a write answers: its position, opaque to clients. */
export function encodeToken(position: string): string {
  return Buffer.from(position.replace(/\s+/g, ''), 'utf8').toString('base64url');
}

/** The position a token carries, or undefined when it is not a token of this server family (or cluster). */
export function decodeToken(family: ServerFlavor | Pick<Consistency, 'isPosition'>, token: string): string | undefined {
  if (token.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    return undefined;
  }
  const position = Buffer.from(token, 'base64url').toString('utf8');
  const valid = typeof family === 'string' ? isPosition(family, position) : family.isPosition(position);
  return valid ? position : undefined;
}

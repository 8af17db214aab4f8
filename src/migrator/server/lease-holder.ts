import { type Connection, type RowDataPacket } from 'mysql2/promise';
import type { ServerTarget } from '../types.js';
import { clusterSessionOf, type ClusterSession } from './cluster-session.js';
import { connectTo } from './connect.js';

/** Who holds the lock row (lease-lock.ts). */
export interface Holder {
  owner: string;
  user: string;
  /** The identity of the member it took the lock on (server_uuid, Galera's gcomm UUID). */
  server: string;
  connectionId: number;
  /** host:port it connected to. */
  node: string;
  /** It connected as the same user as this run: its connection then shows in our PROCESSLIST. */
  sameUser: boolean;
}

export interface HolderCheckParts {
  connection: Connection;
  session: ClusterSession;
  target: ServerTarget;
}

/**
 * Whether the holder provably can no longer change the schema, so its lock may be taken over
 * before its lease runs out. Only positive evidence counts:
 * - it took the lock on this member, as this user, its connection is gone, and no statement of
 *   that user runs on the database any more (a killed job's ALTER goes on until it ends: the
 *   server notices the closed connection only afterwards);
 * - Group Replication: it took it on another member that is not an ONLINE primary now (after a
 *   failover the old primary is gone or read-only: none of its statements can commit);
 * - Galera: its member answers at the address it used, is the same server (same gcomm UUID, so
 *   not restarted and not another node behind a balancer), and either left the primary
 *   component or has neither the connection nor a statement of that user running.
 * Anything else (its member unreachable, another server at that address) waits for the lease.
 */
export async function holderGone(holder: Holder, parts: HolderCheckParts): Promise<boolean> {
  const { connection, session } = parts;
  if (holder.server === session.server) {
    return holder.sameUser && !(await stillActive(connection, holder, parts.target.database));
  }
  if (session.kind === 'group-replication') {
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM performance_schema.replication_group_members WHERE MEMBER_ID = ? AND MEMBER_STATE = 'ONLINE' AND MEMBER_ROLE = 'PRIMARY'",
      [holder.server],
    );
    if (Number(rows[0]?.n) === 0) {
      return true;
    }
  }
  return goneOnItsMember(holder, parts.target);
}

async function goneOnItsMember(holder: Holder, target: ServerTarget): Promise<boolean> {
  const match = /^\[?(.+?)\]?:(\d+)$/.exec(holder.node);
  if (!match) {
    return false;
  }
  let remote: Connection;
  try {
    remote = await connectTo({ ...target, host: match[1], port: Number(match[2]) }, { timeoutMs: 2_000 });
  } catch {
    return false;
  }
  try {
    const there = await clusterSessionOf(async (sql) => (await remote.query<RowDataPacket[]>(sql))[0]);
    if (!there || there.server !== holder.server) {
      return false;
    }
    return !there.writable || (holder.sameUser && !(await stillActive(remote, holder, target.database)));
  } catch {
    return false;
  } finally {
    remote.destroy();
  }
}

/**
 * The holder's lock connection, or any statement of its user running on the database (other than
 * the asker's): a user sees its own connections in PROCESSLIST without the PROCESS privilege.
 */
async function stillActive(connection: Connection, holder: Holder, database: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ? OR ' +
      "(USER = ? AND DB = ? AND COMMAND = 'Query' AND ID <> CONNECTION_ID())",
    [holder.connectionId, holder.user.replace(/@[^@]*$/, ''), database],
  );
  return Number(rows[0]?.n) > 0;
}

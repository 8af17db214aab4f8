import { type Connection } from 'mysql2/promise';
import type { ServerTarget } from '../types.js';
import { lockFirst, type AttemptEnder, type LockFirstOutcome } from './lock-first.js';
import { clusterSessionOf } from './cluster-session.js';
import { connectTo } from './connect.js';

/**
 * The connection a run's migration statements go through, outside the ORM's pool: session
 * settings hold for every statement only on one connection. Each statement waits for a
 * metadata (or row) lock at most `lockWaitSeconds` instead of the server's default (a day on
 * MariaDB, a year on MySQL), during which every new query on that table queues behind it.
 * The servers count that wait in whole seconds, from 1; a wait that is not whole (0.05, 2.5)
 * holds exactly for the statements run through `lockFirst` (lock-first.ts), ended from a second
 * connection, and rounded up for the others.
 *
 * Never on Galera: there LOCK TABLES … WRITE on one node while another node wrote the table
 * wedged the first node for 21 minutes (only kill -9 ended it). A DDL there does not wait for a
 * metadata lock anyway: total order isolation aborts the transactions that hold one (they get
 * 1213, which the API's writes retry), on every node. So Galera sessions wait whole seconds.
 */
export class DdlSession {
  private constructor(
    private readonly connection: Connection,
    /** The server's id of this connection, never reported as a blocker. */
    readonly connectionId: number,
    /** The attempt length in ms when the servers cannot wait it themselves (not whole seconds); else null. */
    readonly shortWaitMs: number | null,
    private readonly ender: (AttemptEnder & { close(): Promise<void> }) | null,
  ) {}

  static async open(target: ServerTarget, lockWaitSeconds: number): Promise<DdlSession> {
    const connection = await connect(target);
    const serverWait = Math.max(1, Math.ceil(lockWaitSeconds));
    let ender: Connection | null = null;
    try {
      await connection.query('set session lock_wait_timeout = ?, innodb_lock_wait_timeout = ?', [
        serverWait,
        serverWait,
      ]);
      const [rows] = await connection.query('select connection_id() as id');
      const galera =
        (await clusterSessionOf(async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[]))?.kind ===
        'galera';
      const short = Number.isInteger(lockWaitSeconds) || galera ? null : Math.round(lockWaitSeconds * 1000);
      // Ending one's own query needs no privilege; the same user suffices.
      ender = short === null ? null : await connect(target);
      return new DdlSession(connection, Number((rows as { id: number }[])[0].id), short, ender && enderOf(ender));
    } catch (error) {
      connection.destroy();
      ender?.destroy();
      throw error;
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.connection.query(sql, params);
    return Array.isArray(rows) ? (rows as T[]) : [];
  }

  /** `work` under LOCK TABLES `table` WRITE, got within shortWaitMs (lock-first.ts). */
  async lockFirst<T>(table: string, work: () => Promise<T>): Promise<LockFirstOutcome<T>> {
    if (this.ender === null || this.shortWaitMs === null) {
      throw new Error('lockFirst needs a session opened with a wait under a second');
    }
    return lockFirst(this, this.ender, table, this.shortWaitMs, work);
  }

  async close(): Promise<void> {
    await this.ender?.close();
    await this.connection.end().catch(() => this.connection.destroy());
  }
}

function connect(target: ServerTarget): Promise<Connection> {
  return connectTo(target, {
    timeoutMs: 10_000,
    inDatabase: true,
    session: { charset: 'utf8mb4', timezone: 'Z', dateStrings: true, supportBigNumbers: true },
  });
}

function enderOf(connection: Connection): AttemptEnder & { close(): Promise<void> } {
  return {
    async endQuery(connectionId) {
      try {
        await connection.query(`kill query ${Number(connectionId)}`);
      } catch (error) {
        // ER_NO_SUCH_THREAD: the session is gone; nothing to end.
        if ((error as { errno?: number }).errno !== 1094) {
          throw error;
        }
      }
    },
    close: () => connection.end().catch(() => connection.destroy()),
  };
}

import { createConnection, type Connection } from 'mysql2/promise';
import type { LockTarget } from '../types.js';

/**
 * The connection a run's migration statements go through, outside the ORM's pool: session
 * settings hold for every statement only on one connection. Each statement waits for a
 * metadata (or row) lock at most `lockWaitSeconds` instead of the server's default (a day on
 * MariaDB, a year on MySQL), during which every new query on that table queues behind it.
 */
export class DdlSession {
  private constructor(
    private readonly connection: Connection,
    /** The server's id of this connection, never reported as a blocker. */
    readonly connectionId: number,
  ) {}

  static async open(target: LockTarget, lockWaitSeconds: number): Promise<DdlSession> {
    const connection = await createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      connectTimeout: 10_000,
    });
    try {
      await connection.query('set session lock_wait_timeout = ?, innodb_lock_wait_timeout = ?', [
        lockWaitSeconds,
        lockWaitSeconds,
      ]);
      const [rows] = await connection.query('select connection_id() as id');
      return new DdlSession(connection, Number((rows as { id: number }[])[0].id));
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.connection.query(sql, params);
    return Array.isArray(rows) ? (rows as T[]) : [];
  }

  async close(): Promise<void> {
    await this.connection.end().catch(() => this.connection.destroy());
  }
}

import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { MigrationLockTimeoutError } from '../errors.js';
import type { MigratorListener } from '../events.js';
import type { LockTarget } from '../types.js';

/**
 * A MySQL named lock (GET_LOCK) around every run that changes the schema, so parallel migrate
 * jobs take turns. It lives on a connection of its own, outside the ORM's pool: a named lock
 * belongs to one session, and the server drops it by itself when that session ends, so a
 * killed process never leaves the lock behind. Re-entrant within the process.
 */
export class MigrationLock {
  readonly name: string;
  private connection?: Connection;
  /** The server's id of the connection that holds the lock, while this process holds it. */
  private ownId?: number;
  private depth = 0;

  constructor(
    private readonly target: LockTarget,
    private readonly timeoutSeconds: number,
    private readonly onEvent: MigratorListener,
  ) {
    // Lock names are server-wide and at most 64 characters.
    this.name = `life_platter:migrate:${target.database}`.slice(0, 64);
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      await this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.depth++ > 0) {
      return;
    }
    try {
      this.connection = await createConnection({
        host: this.target.host,
        port: this.target.port,
        user: this.target.user,
        password: this.target.password,
        connectTimeout: 10_000,
      });
      const [[{ id }]] = await this.connection.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
      this.ownId = Number(id);
      if (await this.tryGet(0)) {
        return;
      }
      const holder = await this.holder();
      this.onEvent({ type: 'lock-waiting', lock: this.name, holder, timeoutSeconds: this.timeoutSeconds });
      if (!(await this.tryGet(this.timeoutSeconds))) {
        throw new MigrationLockTimeoutError(this.name, await this.holder(), this.timeoutSeconds);
      }
      this.onEvent({ type: 'lock-acquired', lock: this.name });
    } catch (error) {
      this.depth = 0;
      await this.close();
      throw error;
    }
  }

  private async release(): Promise<void> {
    if (--this.depth > 0) {
      return;
    }
    try {
      await this.connection?.query('SELECT RELEASE_LOCK(?)', [this.name]);
    } finally {
      await this.close();
    }
  }

  private async tryGet(seconds: number): Promise<boolean> {
    const [rows] = await this.connection!.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [this.name, seconds]);
    return Number(rows[0].got) === 1;
  }

  private async holder(): Promise<number | null> {
    const [rows] = await this.connection!.query<RowDataPacket[]>('SELECT IS_USED_LOCK(?) AS holder', [this.name]);
    return (rows[0].holder as number | null) ?? null;
  }

  /**
   * The connection of another run that holds the lock now (a run in progress), or null. Asked on
   * any connection (`IS_USED_LOCK` needs no privilege, so the app's read-only user may ask); this
   * process's own hold does not count.
   */
  async heldElsewhere(
    query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  ): Promise<number | null> {
    const [row] = await query('SELECT IS_USED_LOCK(?) AS holder', [this.name]);
    const holder = row?.holder === null || row?.holder === undefined ? null : Number(row.holder);
    return holder !== null && holder !== this.ownId ? holder : null;
  }

  private async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.ownId = undefined;
    await connection?.end().catch(() => connection.destroy());
  }
}

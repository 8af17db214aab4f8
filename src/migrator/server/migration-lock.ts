import { type Connection, type RowDataPacket } from 'mysql2/promise';
import { MigrationLockTimeoutError, NotTheWriterError } from '../errors/index.js';
import type { MigratorListener } from '../events.js';
import type { ServerTarget } from '../types.js';
import { clusterSessionOf, type ClusterSession } from './cluster-session.js';
import type { Holder } from './lease-holder.js';
import { LeaseLock, LOCK_TABLE } from './lease-lock.js';
import { connectTo } from './connect.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/**
 * A MySQL named lock (GET_LOCK) around every run that changes the schema, so parallel migrate
 * jobs take turns. It lives on a connection of its own, outside the ORM's pool: a named lock
 * belongs to one session, and the server drops it by itself when that session ends, so a
 * killed process never leaves the lock behind. Re-entrant within the process.
 *
 * On a cluster GET_LOCK is per member, so the lock is a leased row instead (lease-lock.ts), and
 * a member that does not take writes (a Group Replication secondary) is refused before anything
 * runs (NotTheWriterError).
 */
export class MigrationLock {
  readonly name: string;
  private connection?: Connection;
  /** The server's id of the connection that holds the lock, while this process holds it. */
  private ownId?: number;
  private lease?: LeaseLock;
  private depth = 0;
  /** The cluster the run's server is a member of; undefined on a server of its own (known once locked). */
  cluster?: ClusterSession;
  /** Set when this run took the lock over from a holder that was provably gone (its run was interrupted). */
  tookOver?: Holder;

  constructor(
    private readonly target: ServerTarget,
    private readonly timeoutSeconds: number,
    private readonly onEvent: MigratorListener,
    private readonly leaseSeconds = 30,
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
      this.connection = await connectTo(this.target, { timeoutMs: 10_000 });
      const [[{ id }]] = await this.connection.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
      this.ownId = Number(id);
      this.cluster = await clusterSessionOf(async (sql) => (await this.connection!.query<RowDataPacket[]>(sql))[0]);
      if (this.cluster) {
        await this.acquireLease(this.connection, this.cluster);
        return;
      }
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

  private async acquireLease(connection: Connection, cluster: ClusterSession): Promise<void> {
    if (!cluster.writable) {
      throw new NotTheWriterError(
        cluster.kind,
        `${this.target.host}:${this.target.port}`,
        cluster.role ? `${cluster.role}, ${cluster.state}` : cluster.state,
      );
    }
    this.lease = new LeaseLock({
      connection,
      session: cluster,
      target: this.target,
      leaseSeconds: this.leaseSeconds,
      timeoutSeconds: this.timeoutSeconds,
      onEvent: this.onEvent,
    });
    this.tookOver = await this.lease.acquire();
  }

  private async release(): Promise<void> {
    if (--this.depth > 0) {
      return;
    }
    try {
      await (this.lease ? this.lease.release() : this.connection?.query('SELECT RELEASE_LOCK(?)', [this.name]));
    } finally {
      this.lease = undefined;
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
   * The connection of another run that holds the lock now (a run in progress), or null: the
   * GET_LOCK holder on a server of its own, the owner of an unexpired lease on a cluster. Asked on
   * any connection (neither needs a privilege beyond reading the database, so the app's read-only
   * user may ask); this process's own hold does not count.
   */
  async heldElsewhere(
    query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  ): Promise<number | null> {
    const [row] = await query('SELECT IS_USED_LOCK(?) AS holder', [this.name]);
    const holder = row?.holder === null || row?.holder === undefined ? null : Number(row.holder);
    if (holder !== null && holder !== this.ownId) {
      return holder;
    }
    // The lease row exists only where the lock ran on a cluster.
    const [leased] = await query(
      `SELECT connection_id AS holder FROM ${quoteIdentifier(LOCK_TABLE)} WHERE id = 1 AND owner IS NOT NULL AND owner <> ? AND lease_until >= NOW(3)`,
      [this.lease?.owner ?? ''],
    ).catch(() => []);
    return leased ? Number(leased.holder) : null;
  }

  private async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.ownId = undefined;
    await connection?.end().catch(() => connection.destroy());
  }
}

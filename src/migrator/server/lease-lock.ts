import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { MigrationLockTimeoutError } from '../errors/index.js';
import type { MigratorListener } from '../events.js';
import type { ServerTarget } from '../types.js';
import type { ClusterSession } from './cluster-session.js';
import { holderGone, type Holder } from './lease-holder.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/** The lock's row lives here, in the migrated database, beside MikroORM's tracking table. */
export const LOCK_TABLE = 'mikro_orm_migrations_lock';

const POLL_MS = 500;

/** InnoDB's deadlock, which is what Galera's certification answers a losing write with. */
const CERTIFICATION_FAILED = 1213;

export interface LeaseLockParts {
  /** The lock's own connection, on the member the run writes on. */
  connection: Connection;
  session: ClusterSession;
  target: ServerTarget;
  leaseSeconds: number;
  timeoutSeconds: number;
  onEvent: MigratorListener;
}

/**
 * The migration lock on a cluster, where GET_LOCK is per member (two jobs on two Galera nodes
 * both got it). One row with an owner and a lease, taken by an autocommit compare-and-set: the
 * UPDATE that finds the row free wins. On Galera the loser's write fails certification and is
 * retried (wsrep_retry_autocommit), then finds the row taken: 30 of 30 concurrent rounds had
 * exactly one winner, where SELECT … FOR UPDATE let both through. On Group Replication only the
 * primary writes, so the row is one server's.
 *
 * The owner renews the lease every third of it. Another run takes the row over, without waiting
 * for the lease, once the owner is provably gone (lease-holder.ts): its connection ended on its
 * member, or its member left the group or the primary component. Otherwise it waits for the
 * lease to run out: an owner that cannot be reached may still be writing.
 */
export class LeaseLock {
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  #heartbeat?: NodeJS.Timeout;
  #table: string;

  constructor(private readonly parts: LeaseLockParts) {
    this.#table = `${quoteIdentifier(parts.target.database)}.${quoteIdentifier(LOCK_TABLE)}`;
  }

  get name(): string {
    return `${this.parts.target.database}.${LOCK_TABLE}`;
  }

  /** Takes the row; resolves with the holder it took over from (gone, or past its lease), if it did. */
  async acquire(): Promise<Holder | undefined> {
    await this.ensureRow();
    const { timeoutSeconds, onEvent } = this.parts;
    const deadline = Date.now() + timeoutSeconds * 1000;
    let announced = false;
    for (;;) {
      const before = await this.holder();
      if (await this.claim()) {
        // A row still owned was past its lease: its run ended without releasing it.
        if (before) {
          onEvent({
            type: 'lock-taken-over',
            lock: this.name,
            owner: before.owner,
            holder: before.connectionId,
            why: 'lease',
          });
        }
        return this.held(before, announced);
      }
      const holder = await this.holder();
      if (holder && (await holderGone(holder, this.parts))) {
        if (await this.claim(holder.owner)) {
          onEvent({
            type: 'lock-taken-over',
            lock: this.name,
            owner: holder.owner,
            holder: holder.connectionId,
            why: 'gone',
          });
          return this.held(holder, announced);
        }
        continue;
      }
      if (!announced) {
        onEvent({ type: 'lock-waiting', lock: this.name, holder: holder?.connectionId ?? null, timeoutSeconds });
        announced = true;
      }
      if (Date.now() + POLL_MS > deadline) {
        throw new MigrationLockTimeoutError(this.name, holder?.connectionId ?? null, timeoutSeconds);
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  }

  async release(): Promise<void> {
    clearInterval(this.#heartbeat);
    await this.parts.connection.query(
      `UPDATE ${this.#table} SET owner = NULL, user = NULL, server = NULL, connection_id = NULL, node = NULL, ` +
        'acquired_at = NULL, lease_until = NULL WHERE id = 1 AND owner = ?',
      [this.owner],
    );
  }

  private held(tookOver: Holder | undefined, announced: boolean): Holder | undefined {
    if (announced) {
      this.parts.onEvent({ type: 'lock-acquired', lock: this.name });
    }
    const renewEveryMs = (this.parts.leaseSeconds * 1000) / 3;
    this.#heartbeat = setInterval(() => void this.renew().catch(() => undefined), renewEveryMs).unref();
    return tookOver;
  }

  /** CREATE … IF NOT EXISTS and INSERT IGNORE: idempotent, so two jobs on two members may both run them. */
  private async ensureRow(): Promise<void> {
    const { connection, target } = this.parts;
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(target.database)}`);
    await connection.query(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (` +
        'id TINYINT UNSIGNED NOT NULL PRIMARY KEY, owner VARCHAR(255) NULL, user VARCHAR(300) NULL, ' +
        'server VARCHAR(64) NULL, connection_id BIGINT UNSIGNED NULL, node VARCHAR(300) NULL, ' +
        'acquired_at DATETIME(3) NULL, lease_until DATETIME(3) NULL' +
        ") ENGINE=InnoDB COMMENT='the migration lock on a cluster (src/migrator/server/lease-lock.ts)'",
    );
    await this.ignoringCertification(() => connection.query(`INSERT IGNORE INTO ${this.#table} (id) VALUES (1)`));
  }

  /** The compare-and-set: free (or past its lease), or still held by the owner being taken over. */
  private async claim(from?: string): Promise<boolean> {
    const { connection, session, target, leaseSeconds } = this.parts;
    const free = from === undefined ? '(owner IS NULL OR lease_until < NOW(3))' : 'owner = ?';
    const [result] = await this.ignoringCertification(() =>
      connection.query<ResultSetHeader>(
        `UPDATE ${this.#table} SET owner = ?, user = CURRENT_USER(), server = ?, connection_id = CONNECTION_ID(), ` +
          `node = ?, acquired_at = NOW(3), lease_until = NOW(3) + INTERVAL ? SECOND WHERE id = 1 AND ${free}`,
        [
          this.owner,
          session.server,
          `${target.host}:${target.port}`,
          leaseSeconds,
          ...(from === undefined ? [] : [from]),
        ],
      ),
    );
    return result?.affectedRows === 1;
  }

  private async renew(): Promise<void> {
    await this.parts.connection.query(
      `UPDATE ${this.#table} SET lease_until = NOW(3) + INTERVAL ? SECOND WHERE id = 1 AND owner = ?`,
      [this.parts.leaseSeconds, this.owner],
    );
  }

  private async holder(): Promise<Holder | undefined> {
    const [rows] = await this.parts.connection.query<RowDataPacket[]>(
      'SELECT owner, user, server, connection_id AS connectionId, node, lease_until < NOW(3) AS expired, ' +
        `CURRENT_USER() AS me FROM ${this.#table} WHERE id = 1`,
    );
    const row = rows[0];
    if (!row || row.owner === null) {
      return undefined;
    }
    return {
      owner: String(row.owner),
      user: String(row.user),
      server: String(row.server),
      connectionId: Number(row.connectionId),
      node: String(row.node),
      sameUser: row.user === row.me,
    };
  }

  /** A write that lost Galera's certification (when wsrep_retry_autocommit is 0) counts as not done. */
  private async ignoringCertification<T>(write: () => Promise<T>): Promise<T | []> {
    try {
      return await write();
    } catch (error) {
      if ((error as { errno?: number }).errno === CERTIFICATION_FAILED) {
        return [];
      }
      throw error;
    }
  }
}

import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult } from 'kysely';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import type { HostPort } from '../../config/database-url.js';
import { nameOf, type ClusterTopology } from './cluster-topology.js';
import { NODE_TIMEOUT_MS } from './node-probes.js';
import { NoWritableMemberError, saysWriterGone } from './writer-errors.js';

type Callback = (error: unknown, result: MysqlQueryResult) => void;

/**
 * The pool behind the ORM's write connection on a cluster: one mysql2 pool per member, with the
 * ORM's own options, and each connection taken from the member that takes the writes now
 * (cluster-topology.ts). While none does, a connection is refused at once (NoWritableMemberError,
 * a 503), never queued. A statement or connection that fails in a way saying its member is gone
 * or read-only tells the topology, which stops sending writes there before the next request.
 * A member's pool stays open when the writes move away, so it serves again when they come back.
 */
export class ClusterPool implements MysqlPool {
  readonly #pools = new Map<string, Pool>();
  readonly #watched = new WeakSet<object>();

  constructor(
    private readonly topology: ClusterTopology,
    private readonly options: PoolOptions,
  ) {}

  getConnection(callback: (error: unknown, connection: MysqlPoolConnection) => void): void {
    // mysql2's own pools call back with the error alone; so does this one.
    const fail = callback as (error: unknown) => void;
    const node = this.topology.writer;
    if (!node) {
      fail(new NoWritableMemberError(this.topology.kind));
      return;
    }
    this.poolOf(node).getConnection((error, connection) => {
      if (error) {
        if (saysWriterGone(error)) {
          this.topology.writerFailed(node, error);
        }
        fail(error);
        return;
      }
      if (!this.#watched.has(connection)) {
        this.#watched.add(connection);
        reportFailures(connection, node, this.topology);
      }
      callback(null, connection);
    });
  }

  end(callback: (error: unknown) => void): void {
    Promise.all([...this.#pools.values()].map((pool) => pool.promise().end())).then(
      () => callback(null),
      (error: unknown) => callback(error),
    );
  }

  private poolOf(node: HostPort): Pool {
    let pool = this.#pools.get(nameOf(node));
    if (!pool) {
      pool = createPool({ connectTimeout: NODE_TIMEOUT_MS, ...this.options, host: node.host, port: node.port });
      this.#pools.set(nameOf(node), pool);
    }
    return pool;
  }
}

/** Wraps the connection's query so that an error saying its member is gone reaches the topology. */
function reportFailures(connection: MysqlPoolConnection, node: HostPort, topology: ClusterTopology): void {
  const query = connection.query.bind(connection);
  connection.query = (sql, parameters, callback?: Callback) =>
    query(
      sql,
      parameters,
      callback &&
        ((error: unknown, result: MysqlQueryResult) => {
          if (error && saysWriterGone(error)) {
            topology.writerFailed(node, error);
          }
          callback(error, result);
        }),
    );
}

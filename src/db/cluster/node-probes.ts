import { type Connection } from 'mysql2/promise';
import type { DatabaseTarget, HostPort } from '../../config/database-url.js';
import type { ServerFlavor } from '../server-probe.js';
import { viewOf, type NodeView, type Row } from './cluster-sql.js';
import { connectTo } from '../../migrator/index.js';

/** How long one node may take to connect or answer before it counts as gone. */
export const NODE_TIMEOUT_MS = 2_000;

/** Asks one node for its view; throws when it cannot be reached. */
export type ProbeNode = (node: HostPort) => Promise<NodeView>;

/**
 * One small connection per node, kept between checks (a check every second would otherwise
 * open and close a connection each time) and dropped after any error. Each query has its own
 * time-out: a node that hangs is as good as gone for deciding where writes go.
 */
export class NodeProbes {
  readonly #connections = new Map<string, Promise<Connection>>();

  constructor(
    private readonly credentials: Pick<DatabaseTarget, 'user' | 'password'>,
    private readonly flavor: ServerFlavor,
  ) {}

  readonly probe: ProbeNode = async (node) => {
    const key = `${node.host}:${node.port}`;
    try {
      return await viewOf((sql) => this.ask(key, node, sql), this.flavor);
    } catch (error) {
      this.drop(key);
      throw error;
    }
  };

  async close(): Promise<void> {
    const open = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(
      open.map((connection) =>
        connection.then(
          (c) => c.end().catch(() => c.destroy()),
          () => undefined,
        ),
      ),
    );
  }

  private async ask(key: string, node: HostPort, sql: string): Promise<Row[]> {
    let connection = this.#connections.get(key);
    if (!connection) {
      connection = connectTo({ ...this.credentials, ...node }, { timeoutMs: NODE_TIMEOUT_MS });
      this.#connections.set(key, connection);
    }
    const [rows] = await (await connection).query({ sql, timeout: NODE_TIMEOUT_MS });
    return rows as Row[];
  }

  private drop(key: string): void {
    const connection = this.#connections.get(key);
    this.#connections.delete(key);
    void connection?.then(
      (c) => c.destroy(),
      () => undefined,
    );
  }
}

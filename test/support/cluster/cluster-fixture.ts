import { createConnection, type Connection } from 'mysql2/promise';

export type ClusterKind = 'galera' | 'group-replication';

/**
 * Three database nodes on loopback, private to a test run, that the test may kill (SIGKILL, as a
 * crash or a lost machine would) and start again. Root on every node, no password. Nodes are
 * numbered 0, 1, 2 in the order they were started; node 0 bootstrapped the cluster.
 */
export interface ClusterFixture {
  readonly kind: ClusterKind;
  /** Each node's SQL port, by node number. */
  readonly ports: readonly number[];
  /** A multi-host DATABASE_URL naming `nodes` (default: all, in order). */
  url(database: string, nodes?: readonly number[]): string;
  query<T = Record<string, unknown>[]>(node: number, sql: string, params?: unknown[]): Promise<T>;
  /**
   * A read on one node once that node has applied every transaction the cluster committed before
   * it: a secondary applies the primary's writes after they commit, so a plain read there can be
   * behind what the API has already acknowledged.
   */
  caughtUpQuery<T = Record<string, unknown>[]>(node: number, sql: string): Promise<T>;
  /** Which node takes writes now: Group Replication's primary; on Galera, node 0 unless it is down. */
  writer(): Promise<number>;
  /** SIGKILL the node's server (and what it spawned); resolves once it is gone. */
  kill(node: number): Promise<void>;
  /** Starts a killed node on its data and waits until it has rejoined (ONLINE / Synced). */
  restart(node: number): Promise<void>;
  /** Waits until every node is a working member again. */
  healthy(timeoutMs?: number): Promise<void>;
  /** Whether the node's server process runs. */
  running(node: number): boolean;
  destroy(): Promise<void>;
}

/** `use` on a connection of its own to one node, closed afterwards (a node may be gone the next moment). */
async function onPort<T>(port: number, use: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2_000 });
  try {
    return await use(connection);
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

/** One statement on one node. */
export function queryPort<T>(port: number, sql: string, params: unknown[] = []): Promise<T> {
  return onPort(port, async (connection) => (await connection.query(sql, params))[0] as T);
}

/** `sql` on one connection after `setting` (a session variable that makes the read wait for the cluster). */
export function queryPortAfter<T>(port: number, setting: string, sql: string): Promise<T> {
  return onPort(port, async (connection) => {
    await connection.query(setting);
    return (await connection.query(sql))[0] as T;
  });
}

/** Statements in order on one connection (session settings such as SQL_LOG_BIN hold for the next). */
export function sessionOnPort(port: number, statements: readonly string[]): Promise<void> {
  return onPort(port, async (connection) => {
    for (const sql of statements) {
      await connection.query(sql);
    }
  });
}

export function clusterUrl(ports: readonly number[], database: string, nodes?: readonly number[]): string {
  const hosts = (nodes ?? ports.map((_, index) => index)).map((node) => `127.0.0.1:${ports[node]}`);
  return `mysql://root@${hosts.join(',')}/${database}`;
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls until `check` holds (errors count as not yet); throws naming `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) {
        return;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`gave up waiting for ${what}${reason}`);
    }
    await sleep(250);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL a process group (the server and whatever it spawned, e.g. an SST's rsync) and wait for the leader. */
export async function killGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
  }
  while (isAlive(pid)) {
    await sleep(50);
  }
}

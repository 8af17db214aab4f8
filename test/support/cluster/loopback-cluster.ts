import { freePort } from '../free-port.js';
import { clusterUrl, queryPort, queryPortAfter } from './cluster-fixture.js';

/** What both loopback clusters share: each node's SQL port, a URL naming them, reads on one node. */
export abstract class LoopbackCluster {
  /** The session setting that makes a read wait until its node has caught up with the cluster. */
  protected abstract readonly catchUp: string;

  /** Each node's SQL port, by node number. */
  abstract get ports(): number[];

  url(database: string, nodes?: readonly number[]): string {
    return clusterUrl(this.ports, database, nodes);
  }

  query<T = Record<string, unknown>[]>(node: number, sql: string, params: unknown[] = []): Promise<T> {
    return queryPort<T>(this.ports[node], sql, params);
  }

  caughtUpQuery<T = Record<string, unknown>[]>(node: number, sql: string): Promise<T> {
    return queryPortAfter<T>(this.ports[node], this.catchUp, sql);
  }
}

/** Free ports that differ from each other (a freed port may be handed out twice in a row). */
export async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    ports.add(await freePort());
  }
  return [...ports];
}

import { hostsOf, type DatabaseTarget } from '../../config/database-url.js';
import { DatabaseConnectError } from '../database-connect.error.js';
import type { ServerFlavor } from '../server-probe.js';
import { GroupNotReadableError } from './cluster-sql.js';
import { ClusterTopology, type ClusterLog } from './cluster-topology.js';
import { NodeProbes } from './node-probes.js';

/** A URL listing several servers that are not members of one cluster. */
export class NotAClusterError extends DatabaseConnectError {
  constructor(target: DatabaseTarget, answered: string) {
    super(
      `DATABASE_URL lists ${hostsOf(target).length} servers, but ${answered} is a member of no Group Replication ` +
        'group or Galera cluster: list one server, or the members of one cluster',
    );
    this.name = 'NotAClusterError';
  }
}

/**
 * Whether DATABASE_URL's servers form a cluster, asked of the servers themselves (never
 * configured): the first of them that answers says Group Replication (its group's members),
 * Galera (wsrep_on) or neither. Undefined for a server on its own, which keeps today's single
 * connection; a checked topology for a cluster (cluster-topology.ts), not yet started.
 */
export async function discoverCluster(
  target: DatabaseTarget,
  flavor: ServerFlavor,
  checkIntervalMs: number,
  log: ClusterLog,
): Promise<ClusterTopology | undefined> {
  const probes = new NodeProbes(target, flavor);
  const servers = hostsOf(target);
  let lastError: unknown;
  for (const server of servers) {
    let kind;
    try {
      kind = (await probes.probe(server)).kind;
    } catch (error) {
      if (error instanceof GroupNotReadableError) {
        await probes.close();
        throw error;
      }
      lastError = error;
      continue;
    }
    if (kind === undefined) {
      await probes.close();
      if (servers.length > 1) {
        throw new NotAClusterError(target, `${server.host}:${server.port}`);
      }
      return undefined;
    }
    const topology = new ClusterTopology(kind, servers, probes, checkIntervalMs, log);
    await topology.check();
    return topology;
  }
  await probes.close();
  throw DatabaseConnectError.unreachable(target, lastError, 1);
}

import type { AppConfig } from '../../config/app-config.js';
import { onServer, type DatabaseTarget } from '../../config/database-url.js';
import { ReplicaSet, type CheckReplica, type ReplicaLog } from '../replicas/replica-set.js';
import { checkReplica } from '../replicas/replica-check.js';
import type { ServerFlavor } from '../server-probe.js';
import { nameOf, type ClusterTopology } from './cluster-topology.js';
import { galeraConsistency } from './galera-consistency.js';
import { memberCheck } from './member-check.js';

export interface ReadSet {
  replicas?: ReplicaSet;
  /** Where each replica's connection goes, in the order of `replicas.names`. */
  targets: DatabaseTarget[];
}

/**
 * Where the API reads. Without a cluster: DATABASE_REPLICA_URLS, as before. On a cluster: its
 * members known at start-up (the members other than the writer serve reads, each checked by
 * member-check.ts), then any DATABASE_REPLICA_URLS (asynchronous replicas of the cluster).
 * Tokens: GTIDs on Group Replication, a causal read on Galera (galera-consistency.ts).
 */
export function readSetOf(
  config: AppConfig,
  flavor: ServerFlavor,
  cluster: ClusterTopology | undefined,
  log: ReplicaLog,
): ReadSet {
  if (!cluster) {
    return { replicas: ReplicaSet.of(config.replicas, flavor, log), targets: config.replicas.targets };
  }
  const members = cluster.members.map((member) => onServer(config.database, member));
  const targets = [...members, ...config.replicas.targets];
  const checks: CheckReplica[] = [
    ...members.map((member) => memberCheck(cluster, nameOf(member))),
    ...config.replicas.targets.map(() => checkReplica),
  ];
  const { maxLagSeconds, tokenWaitMs, checkIntervalMs } = config.replicas;
  const settings = { maxLagSeconds, tokenWaitMs, checkIntervalMs };
  const replicas = new ReplicaSet(targets.map(nameOf), flavor, settings, log, {
    checks,
    ...(cluster.kind === 'galera' && { consistency: galeraConsistency }),
  });
  return { replicas, targets };
}

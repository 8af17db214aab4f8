import { testFlavor } from '../test-env.js';
import type { ClusterFixture } from './cluster-fixture.js';
import { GaleraCluster } from './galera-cluster.js';
import { GroupReplicationCluster } from './group-replication-cluster.js';

/**
 * The cluster of the tier's family, one per run: Galera under `npm test` (MariaDB), Group
 * Replication under `npm run test:mysql`. Both start on loopback in under a minute and are
 * destroyed, data and all, by the suite that started them.
 */
export async function startTierCluster(): Promise<ClusterFixture> {
  return (await testFlavor()) === 'mariadb' ? GaleraCluster.start() : GroupReplicationCluster.start();
}

import { MysqlDialect } from 'kysely';
import { createConnection } from 'mysql2';
import type { MySqlDriver } from '@mikro-orm/mysql';
import { ClusterPool } from './cluster-pool.js';
import type { ClusterTopology } from './cluster-topology.js';

/**
 * MikroORM's driver whose write connection follows the cluster's writer: its Kysely dialect gets
 * the cluster pool (cluster-pool.ts) instead of one mysql2 pool on one host, built from the same
 * options MikroORM maps for its own pool (time zone, big numbers, date strings, pool size, queue
 * limit). Read replicas are left as they are (replicas/routing-driver.ts wraps this driver).
 */
export function withClusterWrites(Driver: typeof MySqlDriver, topology: ClusterTopology): typeof MySqlDriver {
  return class ClusterWriteDriver extends Driver {
    constructor(...args: ConstructorParameters<typeof MySqlDriver>) {
      super(...args);
      const connection = this.connection;
      const onCreateConnection = this.config.get('onCreateConnection');
      connection.createKyselyDialect = (overrides) =>
        Promise.resolve(
          new MysqlDialect({
            pool: new ClusterPool(topology, connection.mapOptions(overrides)),
            // Kysely ends a cancelled statement from a connection of its own, made with the
            // statement's connection's config: the member it runs on.
            controlConnection: createConnection,
            onCreateConnection,
          }),
        );
    }

    override async close(force?: boolean): Promise<void> {
      await topology.stop();
      await super.close(force);
    }
  };
}

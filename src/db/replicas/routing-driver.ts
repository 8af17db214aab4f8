import type { ConnectionType } from '@mikro-orm/core';
import type { MySqlConnection, MySqlDriver } from '@mikro-orm/mysql';
import { currentReadRoute } from './read-route.js';
import { primaryCanAnswer, type Execute } from './replica-check.js';
import type { ReplicaSet } from './replica-set.js';

/**
 * MikroORM's driver with the read routing MikroORM's own `replicas` lacks (it picks a replica
 * at random for every read, whatever its health, lag or schema). Reads go where the request's
 * route says (read-route.ts): a replica in the read set, the same for the whole request, or the
 * primary. Outside a request, and inside transactions (MikroORM sends those to the primary
 * itself), every read goes to the primary. A read that fails on a replica for a reason the
 * primary can answer (the replica went away, or lacks a table) is run again on the primary, so a
 * dying replica costs a retry rather than a 5xx.
 */
export function withReadRouting(Driver: typeof MySqlDriver, replicas: ReplicaSet): typeof MySqlDriver {
  return class ReadRoutingDriver extends Driver {
    constructor(...args: ConstructorParameters<typeof MySqlDriver>) {
      super(...args);
      // MikroORM connects lazily, on the first statement of each connection: nothing is sent here.
      const primary = this.connection;
      const direct = this.replicas.map((replica, index) => fallBackToPrimary(replica, index, primary, replicas));
      replicas.attach(direct, (sql, params) => primary.execute(sql, params ?? [], 'all'));
    }

    override getConnection(type: ConnectionType = 'write'): MySqlConnection {
      const route = type === 'read' ? currentReadRoute() : undefined;
      if (!route) {
        return this.connection;
      }
      route.replica ??= replicas.pick();
      const index = route.replica;
      return index >= 0 && replicas.isServing(index) ? this.replicas[index] : this.connection;
    }

    override async close(force?: boolean): Promise<void> {
      await replicas.stop();
      await super.close(force);
    }
  };
}

/**
 * Makes the replica connection's reads fall back to the primary; returns the replica's own,
 * unwrapped execute, which the health checks and token waits use (they must see the failure).
 */
function fallBackToPrimary(
  replica: MySqlConnection,
  index: number,
  primary: MySqlConnection,
  replicas: ReplicaSet,
): Execute {
  const own = replica.execute.bind(replica);
  const execute: typeof own = async (...args) => {
    try {
      return await own(...args);
    } catch (error) {
      if (!primaryCanAnswer(error)) {
        throw error;
      }
      replicas.markDown(index, error);
      return primary.execute(...args);
    }
  };
  replica.execute = execute;
  return (sql, params) => own(sql, params ?? [], 'all');
}

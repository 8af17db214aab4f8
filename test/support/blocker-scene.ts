import type { Connection } from 'mysql2/promise';
import { openTransaction, type OpenTransaction } from './open-transaction.js';
import { adminConnection } from './scratch-database.js';

/**
 * The connections around a blocked ALTER of `cookings`, as --kill-blockers finds them: an idle
 * transaction that read cookings and a transaction running a statement on it (both hold its
 * metadata lock), an innocent transaction that read only ingredients, and a connection with no
 * transaction at all.
 */
export interface BlockerScene {
  idleHolder: OpenTransaction;
  runningHolder: { connectionId: number; connection: Connection; statement: Promise<unknown> };
  innocent: { connectionId: number; connection: Connection };
  bystander: Connection;
  /** Whether the server still serves the connection. */
  alive(connection: Connection): Promise<boolean>;
  end(): Promise<void>;
}

async function connectionId(connection: Connection): Promise<number> {
  const [rows] = await connection.query('SELECT connection_id() AS id');
  return Number((rows as { id: number }[])[0].id);
}

/** Sets the scene in `database` (optionally on another server, through `connect`). */
export async function blockerScene(
  database: string,
  connect: () => Promise<Connection> = () => adminConnection(database),
): Promise<BlockerScene> {
  const bystander = await connect();
  const innocentConnection = await connect();
  await innocentConnection.query('BEGIN');
  await innocentConnection.query('SELECT * FROM ingredients');
  const idleHolder = await openTransaction(database, connect);
  const running = await connect();
  await running.query('BEGIN');
  const runningId = await connectionId(running);
  // One row, so that SLEEP runs: the statement holds the table's lock while it sleeps.
  const statement = running.query('SELECT SLEEP(120) FROM cookings LIMIT 1').catch((error: unknown) => error);
  return {
    idleHolder,
    runningHolder: { connectionId: runningId, connection: running, statement },
    innocent: { connectionId: await connectionId(innocentConnection), connection: innocentConnection },
    bystander,
    alive: (connection) =>
      connection.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    async end() {
      for (const connection of [bystander, innocentConnection, idleHolder.connection, running]) {
        connection.destroy();
      }
      await statement;
    },
  };
}

import type { Connection } from 'mysql2/promise';
import { adminConnection } from './scratch-database.js';

/** An ordinary client that read from `cookings` inside a transaction it has not ended. */
export interface OpenTransaction {
  connectionId: number;
  connection: Connection;
  /** Ends the transaction and the connection: what the blocked migration waits for. */
  commit(): Promise<void>;
}

/** Opens that transaction in `database`; it holds a metadata lock on `cookings` until commit(). */
export async function openTransaction(
  database: string,
  connect: () => Promise<Connection> = () => adminConnection(database),
): Promise<OpenTransaction> {
  const connection = await connect();
  await connection.query('BEGIN');
  await connection.query('SELECT * FROM cookings');
  const [rows] = await connection.query('SELECT connection_id() AS id');
  return {
    connectionId: Number((rows as { id: number }[])[0].id),
    connection,
    async commit() {
      await connection.query('COMMIT');
      await connection.end();
    },
  };
}

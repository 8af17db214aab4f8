import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';

/** Where one connection goes: a server's address and credentials, and the database it may use. */
export interface ConnectTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
}

export interface ConnectOptions {
  /** How long the connect may take before it fails. */
  timeoutMs: number;
  /** Use the target's database (default: none, for connections that must work before it exists). */
  inDatabase?: boolean;
  /** Anything else the session needs (charset, time zone, how numbers and dates come back). */
  session?: Omit<ConnectionOptions, 'host' | 'port' | 'user' | 'password' | 'database' | 'connectTimeout'>;
}

/**
 * One connection outside the ORM's pool, as the lock, the DDL session, the lease check, the
 * server probe, the cluster probes, the replica wait and the scripts open one: the one place a
 * target becomes mysql2's options.
 */
export function connectTo(target: ConnectTarget, options: ConnectOptions): Promise<Connection> {
  return createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    ...(options.inDatabase && { database: target.database }),
    connectTimeout: options.timeoutMs,
    ...options.session,
  });
}

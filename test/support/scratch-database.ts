import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { formatDatabaseUrl, type DatabaseTarget } from '../../src/config/database-url.js';
import { testServer } from './test-env.js';

/** A database that exists only for one suite: unique name, `_test` suffix, dropped afterwards. */
export interface ScratchDatabase {
  name: string;
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

export async function adminConnection(database?: string): Promise<Connection> {
  const server = testServer();
  return createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
    multipleStatements: true,
  });
}

export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `lp_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}_test`.slice(0, 64);
  const admin = await adminConnection();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  const target = { ...testServer(), database: name };
  return {
    name,
    target,
    url: formatDatabaseUrl(target),
    async drop() {
      const connection = await adminConnection();
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

/** Runs one query against `database` on the test server. */
export async function queryDatabase<T = Record<string, unknown>>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const connection = await adminConnection(database);
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

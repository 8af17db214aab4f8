import { randomBytes } from 'node:crypto';
import { formatDatabaseUrl } from '../../src/config/database-url.js';
import { adminConnection, type ScratchDatabase } from './scratch-database.js';

/**
 * A migrator account as docker/mysql-init grants it, plus the right to end other connections
 * (--kill-blockers): everything on the database and on the scratch databases the engine makes
 * beside it, PROCESS and CONNECTION ADMIN, but nothing on the mysql schema, so it cannot install
 * a server plugin. Dropped by drop().
 */
export async function limitedMigrator(database: ScratchDatabase): Promise<{ url: string; drop(): Promise<void> }> {
  const user = `lp_migrator_${randomBytes(4).toString('hex')}`;
  const password = 'migrator-password';
  const scratchPattern = `${database.name.slice(0, 40).replaceAll('_', '\\_')}\\_%`;
  const admin = await adminConnection();
  try {
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database.name}\`.* TO '${user}'@'%'`);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${scratchPattern}\`.* TO '${user}'@'%'`);
    await admin.query(`GRANT PROCESS, CONNECTION ADMIN ON *.* TO '${user}'@'%'`);
  } finally {
    await admin.end();
  }
  return {
    url: formatDatabaseUrl({ ...database.target, user, password }),
    async drop() {
      const connection = await adminConnection();
      try {
        await connection.query(`DROP USER IF EXISTS '${user}'@'%'`);
      } finally {
        await connection.end();
      }
    },
  };
}

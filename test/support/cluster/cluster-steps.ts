import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fillRows } from '../fill-rows.js';
import { migrationSource } from '../migration-source.js';
import { until, type ClusterFixture } from './cluster-fixture.js';

/** Writes a migration file into a scratch project's migrations/ (`extra`: class fields such as `online`). */
export async function addMigration(dir: string, name: string, up: string[], down: string[], extra = ''): Promise<void> {
  await writeFile(join(dir, 'migrations', `${name}.ts`), migrationSource(name, up, down, extra));
}

/** `rows` cookings in one INSERT … SELECT on one member (the others get them by replication). */
export async function fillCookings(
  cluster: ClusterFixture,
  node: number,
  database: string,
  rows: number,
): Promise<void> {
  const fill = fillRows('cookings', '`name`, `category`', "CONCAT('dish ', i), CONCAT('c', i % 50)", rows);
  await cluster.query(node, fill.replace('INSERT INTO `cookings`', `INSERT INTO \`${database}\`.\`cookings\``));
}

/** Until the companion table says `name` is running statement `statement` (written just before it starts). */
export function untilRunning(
  cluster: ClusterFixture,
  node: number,
  database: string,
  name: string,
  statement: number,
): Promise<void> {
  return until(
    async () => {
      const [row] = await cluster.query<{ status: string; at: number }[]>(
        node,
        `SELECT status, failed_statement AS at FROM \`${database}\`.mikro_orm_migrations_meta WHERE name = ?`,
        [name],
      );
      return row?.status === 'running' && Number(row.at) === statement;
    },
    `${name} to start statement ${statement}`,
    60_000,
  );
}

/**
 * `work` while `node` does not take writes for a job: a Group Replication secondary is so by
 * itself; a Galera node is desynced for the time (it still applies, but may fall behind).
 */
export async function whileNotWriter<T>(cluster: ClusterFixture, node: number, work: () => Promise<T>): Promise<T> {
  if (cluster.kind === 'galera') {
    await cluster.query(node, 'SET GLOBAL wsrep_desync = ON');
  }
  try {
    return await work();
  } finally {
    if (cluster.kind === 'galera') {
      await cluster.query(node, 'SET GLOBAL wsrep_desync = OFF');
    }
  }
}

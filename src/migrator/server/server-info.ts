import type { PlanServer } from '../sql/ddl-algorithms.js';
import type { ServerFlavor } from '../types.js';
import { clusterSessionOf, type Query } from './cluster-session.js';

/** Which server answers, from `select version()`: MariaDB says so in its version string. */
export function flavorOf(version: string): ServerFlavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/** e.g. `mariadb 10.11.19` or `mysql 9.7.4-2`: how plans and logs name the server. */
export function serverName(version: string): string {
  return `${flavorOf(version)} ${version.replace(/-MariaDB.*$/i, '')}`;
}

/** The server plans are made on, as it answers: its grammar, version and cluster, if any. */
export async function planServerOf(query: Query): Promise<PlanServer> {
  const [row] = await query('select version() as v');
  const version = String(row?.v);
  return { flavor: flavorOf(version), version, cluster: (await clusterSessionOf(query))?.kind };
}

import type { ServerFlavor } from '../types.js';

/** Which server answers, from `select version()`: MariaDB says so in its version string. */
export function flavorOf(version: string): ServerFlavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/** e.g. `mariadb 10.11.19` or `mysql 9.7.4-2`: how plans and logs name the server. */
export function serverName(version: string): string {
  return `${flavorOf(version)} ${version.replace(/-MariaDB.*$/i, '')}`;
}

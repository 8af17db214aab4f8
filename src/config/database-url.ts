import { ConfigError } from './config.error.js';
import { hostKey, splitHosts, type HostPort } from './database-hosts.js';

export type { HostPort };

export type DatabaseScheme = 'mysql' | 'mariadb';

/** Where the database lives, parsed from DATABASE_URL. */
export interface DatabaseTarget {
  scheme: DatabaseScheme;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /**
   * Every server the URL names, in order, when it names several (a cluster's members:
   * `mysql://user:pass@h1:3306,h2:3306/db`); `host` and `port` are the first of them.
   */
  hosts?: HostPort[];
}

const IDENTIFIER = /^[A-Za-z0-9_$]{1,64}$/;

export function parseDatabaseUrl(raw: string, variable = 'DATABASE_URL'): DatabaseTarget {
  const { first, hosts } = splitHosts(raw, variable);
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    throw new ConfigError(variable, 'not a URL; expected mysql://user:password@host:3306/database');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new ConfigError(variable, `scheme must be mysql:// or mariadb:// (got ${scheme}://)`);
  }
  if (!url.hostname) {
    throw new ConfigError(variable, 'the host is missing');
  }
  const port = url.port ? Number(url.port) : 3306;
  if (port < 1) {
    throw new ConfigError(variable, 'the port must be from 1 to 65535');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!IDENTIFIER.test(database)) {
    throw new ConfigError(
      variable,
      'the database name is missing or has characters other than letters, digits, _ and $',
    );
  }
  return {
    scheme,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
    ...(hosts && { hosts }),
  };
}

/** The servers a target names: its list, or its one host. */
export function hostsOf(target: Pick<DatabaseTarget, 'host' | 'port' | 'hosts'>): HostPort[] {
  return target.hosts ?? [{ host: target.host, port: target.port }];
}

/** The target's servers as the URL writes them: `h1:3306,h2:3306`. */
function serversOf(target: DatabaseTarget): string {
  return target.hosts ? target.hosts.map(hostKey).join(',') : `${target.host}:${target.port}`;
}

/** The same credentials and database on one server of the list (or another server altogether). */
export function onServer(target: DatabaseTarget, server: HostPort): DatabaseTarget {
  const { scheme, user, password, database } = target;
  return { scheme, user, password, database, host: server.host, port: server.port };
}

/** The URL as it may be shown in logs and CLI output: the password is replaced by ***. */
export function describeDatabase(target: DatabaseTarget): string {
  const credentials = target.password ? `${target.user}:***` : target.user;
  return `${target.scheme}://${credentials}@${serversOf(target)}/${target.database}`;
}

export function formatDatabaseUrl(target: DatabaseTarget): string {
  const user = encodeURIComponent(target.user);
  const credentials = target.password ? `${user}:${encodeURIComponent(target.password)}` : user;
  return `${target.scheme}://${credentials}@${serversOf(target)}/${target.database}`;
}

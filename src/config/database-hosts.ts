import { ConfigError } from './config.error.js';

/** One server of a database URL. */
export interface HostPort {
  host: string;
  port: number;
}

export interface SplitHosts {
  /** The URL with only its first host, which the single-server parser reads as before. */
  first: string;
  /** Every host in the order written; undefined when the URL names one. */
  hosts?: HostPort[];
}

/**
 * A URL may name several servers of one cluster, comma-separated, as Connector/J's multi-host
 * form does: `mysql://user:pass@h1:3306,h2:3306,h3:3306/db`. WHATWG URLs take one host only, so
 * the list is cut out here, each host checked on its own, and the URL passed on with the first.
 * The credentials end at the last `@` before the path (a password may hold an encoded `@`).
 */
export function splitHosts(raw: string, variable: string): SplitHosts {
  const scheme = raw.indexOf('://');
  if (scheme < 0) {
    return { first: raw };
  }
  const authorityStart = scheme + 3;
  const pathStart = raw.slice(authorityStart).search(/[/?#]/);
  const authorityEnd = pathStart < 0 ? raw.length : authorityStart + pathStart;
  const authority = raw.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  const list = authority.slice(at + 1);
  if (!list.includes(',')) {
    return { first: raw };
  }
  const entries = list.split(',');
  const hosts = entries.map((entry, index) =>
    parseHost(raw.slice(0, scheme), entry.trim(), index, entries.length, variable),
  );
  const seen = new Set<string>();
  for (const host of hosts) {
    const key = hostKey(host);
    if (seen.has(key)) {
      throw new ConfigError(variable, `lists ${key} twice`);
    }
    seen.add(key);
  }
  const first = `${raw.slice(0, authorityStart)}${authority.slice(0, at + 1)}${entries[0].trim()}${raw.slice(authorityEnd)}`;
  return { first, hosts };
}

function parseHost(scheme: string, entry: string, index: number, count: number, variable: string): HostPort {
  const which = `host ${index + 1} of ${count}`;
  if (entry === '') {
    throw new ConfigError(variable, `${which} is empty: separate the hosts with single commas (h1:3306,h2:3306)`);
  }
  let url: URL;
  try {
    url = new URL(`${scheme}://${entry}/`);
  } catch {
    throw new ConfigError(variable, `${which} ("${entry}") is not host or host:port with a port from 1 to 65535`);
  }
  if (!url.hostname || url.username || url.pathname !== '/') {
    throw new ConfigError(variable, `${which} ("${entry}") is not host or host:port`);
  }
  const port = url.port ? Number(url.port) : 3306;
  if (port < 1) {
    throw new ConfigError(variable, `${which}: the port must be from 1 to 65535`);
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/** host:port, an IPv6 address in brackets: how a server is named in URLs, logs and reports. */
export function hostKey({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

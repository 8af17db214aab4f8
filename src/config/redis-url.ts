import { ConfigError } from './config.error.js';

/** RATE_LIMIT_REDIS_URL, checked at start-up: redis:// or rediss:// with a host. */
export interface RedisTarget {
  url: string;
  /** host:port, for logs: never the password. */
  label: string;
}

export function parseRedisUrl(raw: string | undefined, variable: string): RedisTarget | undefined {
  if (raw === undefined || raw.trim() === '') {
    return undefined;
  }
  let url: URL;
  try {
    // "cache:6379" parses as a URL of scheme "cache:"; without "//" it is not what was meant.
    if (!raw.includes('://')) {
      throw new TypeError('no scheme');
    }
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(variable, 'not a URL; expected redis://[:password@]host:6379[/db]');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(variable, `scheme must be redis:// or rediss:// (got ${url.protocol}//)`);
  }
  if (!url.hostname) {
    throw new ConfigError(variable, 'the host is missing');
  }
  return { url: url.href, label: `${url.hostname}:${url.port || '6379'}` };
}

import type { Configuration } from '@mikro-orm/core';
import type { ServerTarget } from '../types.js';

/** Where the engine's own connections go (lock, DDL session, scratch databases): the ORM's server and database. */
export function targetOf(config: Configuration): ServerTarget {
  return {
    host: config.get('host') ?? '127.0.0.1',
    port: config.get('port') ?? 3306,
    user: config.get('user') ?? 'root',
    password: String(config.get('password') ?? ''),
    database: config.get('dbName') ?? '',
  };
}

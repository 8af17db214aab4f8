import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROJECT_ROOT } from '../../run-cli.js';
import type { ClusterFixture } from '../cluster-fixture.js';

/** The project's committed migrations, in order: what every fresh database ends with. */
export const MIGRATIONS = readdirSync(join(PROJECT_ROOT, 'migrations'))
  .filter((file) => /^Migration\d+\.ts$/.test(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

/** The jobs' settings: a text run log, and a short lease so that a lease running out is seen in seconds. */
export const jobEnv = { MIGRATION_LOG_FORMAT: 'text', MIGRATION_LOCK_LEASE: '5' };

/** What each case gets: the tier's cluster, and the figures the suite prints at its end. */
export interface ClusterCase {
  cluster: ClusterFixture;
  figures: Record<string, unknown>;
}

/** The API cases share one app on one database. */
export interface ApiCase extends ClusterCase {
  app: NestFastifyApplication;
  database: string;
}

/** Where the engine's own connections go on one member. */
export const target = (cluster: ClusterFixture, node: number) => ({
  host: '127.0.0.1',
  port: cluster.ports[node],
  user: 'root',
  password: '',
});

import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { withContract } from '../openapi-contract.js';
import type { ClusterFixture } from './cluster-fixture.js';

export const freshName = (label: string) => `lp_${label}_${randomBytes(3).toString('hex')}_test`;

/** The application in this process on the cluster's multi-host URL, every answer checked against the OpenAPI document. */
export async function clusterApp(cluster: ClusterFixture, database: string): Promise<NestFastifyApplication> {
  return withContract(
    await createApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_CONNECT_RETRIES: '0',
        DATABASE_URL: cluster.url(database),
        REPLICA_CHECK_INTERVAL_MS: '200',
      }),
    ),
  );
}

export interface MemberView {
  name: string;
  up: boolean;
  role: string | null;
  state: string;
  takesWrites: boolean;
}

export interface Readiness {
  status: number;
  writer: string | null;
  members: MemberView[];
  /** The read set: member name → serving. */
  serving: Record<string, boolean>;
  /** The read set: member name → seconds behind (null when unknown). */
  lag: Record<string, number | null>;
}

export async function readiness(app: NestFastifyApplication): Promise<Readiness> {
  const response = await app.inject({ method: 'GET', url: '/health/ready' });
  const details = response.json<{
    details?: {
      cluster?: { writer: string | null; members: MemberView[] };
      replicas?: { replicas: { name: string; serving: boolean; lagSeconds: number | null }[] };
    };
  }>().details;
  return {
    status: response.statusCode,
    writer: details?.cluster?.writer ?? null,
    members: details?.cluster?.members ?? [],
    serving: Object.fromEntries((details?.replicas?.replicas ?? []).map((replica) => [replica.name, replica.serving])),
    lag: Object.fromEntries((details?.replicas?.replicas ?? []).map((replica) => [replica.name, replica.lagSeconds])),
  };
}

/** The migrations a member holds in its tracking table, oldest first. */
export async function trackedOn(cluster: ClusterFixture, node: number, database: string): Promise<string[]> {
  const rows = await cluster.query<{ name: string }[]>(
    node,
    `SELECT name FROM \`${database}\`.mikro_orm_migrations ORDER BY id`,
  );
  return rows.map((row) => row.name);
}

/** A global status counter of one member (Com_insert, Com_select, Com_lock_tables, …). */
export async function counter(cluster: ClusterFixture, node: number, name: string): Promise<number> {
  const rows = await cluster.query<{ Value: string }[]>(node, 'SHOW GLOBAL STATUS WHERE Variable_name = ?', [name]);
  return Number(rows[0]?.Value ?? Number.NaN);
}

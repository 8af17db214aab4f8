import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ReplicationPair } from './replication-pair.js';
import { testFlavor } from './test-env.js';
import { waitFor } from './wait-for.js';

export { waitFor };

/** A replication pair of the tier's server family with a database of the test's own on it. */
export interface ReplicatedDatabase {
  pair: ReplicationPair;
  name: string;
  primaryUrl: string;
  replicaUrl: string;
  destroy(): Promise<void>;
}

export async function replicatedDatabase(label: string): Promise<ReplicatedDatabase> {
  const pair = await ReplicationPair.start(await testFlavor());
  const name = `lp_${label}_${randomBytes(3).toString('hex')}_test`;
  await pair.onPrimary(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await pair.caughtUp();
  return {
    pair,
    name,
    primaryUrl: pair.primaryUrl(name),
    replicaUrl: pair.replicaUrl(name),
    destroy: () => pair.destroy(),
  };
}

/** The application in this process, reading from the pair's replica. */
export function startReplicatedApp(
  db: ReplicatedDatabase,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  return createApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_CONNECT_RETRIES: '0',
      DATABASE_URL: db.primaryUrl,
      DATABASE_REPLICA_URLS: db.replicaUrl,
      REPLICA_CHECK_INTERVAL_MS: '200',
      ...env,
    }),
  );
}

export interface ReplicaView {
  up: boolean;
  serving: boolean;
  lagSeconds: number | null;
  schemaHead: string | null;
  problem?: string;
  checkedAt: string | null;
}

/** What /health/ready says of the one replica, and its status code. */
export async function readiness(app: NestFastifyApplication): Promise<{ status: number; replica: ReplicaView }> {
  const response = await app.inject({ method: 'GET', url: '/health/ready' });
  const body = response.json<{ details?: { replicas?: { replicas?: ReplicaView[] } } }>();
  const replica = body.details?.replicas?.replicas?.[0];
  if (!replica) {
    throw new Error(`readiness has no replica report: ${response.body}`);
  }
  return { status: response.statusCode, replica };
}

/** Waits until readiness shows the replica in the read set; the error says why it is not. */
export async function untilServing(
  app: NestFastifyApplication,
  what: string,
  { timeoutMs = 30_000, checkedSince }: { timeoutMs?: number; checkedSince?: number } = {},
): Promise<number> {
  let last: ReplicaView | undefined;
  // With checkedSince: serving by a check that began after that moment. The first check to end
  // after it may have begun before (and seen the replica as it was then); the second cannot.
  const fresh = new Set<string>();
  try {
    return await waitFor(
      async () => {
        last = (await readiness(app)).replica;
        if (checkedSince !== undefined && last.checkedAt && Date.parse(last.checkedAt) > checkedSince) {
          fresh.add(last.checkedAt);
        }
        return last.serving && (checkedSince === undefined || fresh.size >= 2);
      },
      what,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; readiness said ${JSON.stringify(last)}`, { cause: error });
  }
}

/**
 * The stack on a real cluster, one per tier (test/support/cluster/tier-cluster.ts): 3 Galera
 * nodes under `npm test`, 3 Group Replication members under `npm run test:mysql`. One cluster
 * for the whole suite, started here and destroyed at its end; a case that kills a member leaves
 * it to the afterEach, which starts it again and waits until all three are members again. The
 * cases themselves live in test/support/cluster/cases/. Outcomes only: speed is bench/'s
 * (npm run bench:cluster). The figures are printed at the end (`cluster suite (…)`).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dbProcess } from '../support/db-cli.js';
import { clusterApp, freshName } from '../support/cluster/cluster-app.js';
import type { ClusterFixture } from '../support/cluster/cluster-fixture.js';
import { startTierCluster } from '../support/cluster/tier-cluster.js';
import { jobEnv, type ApiCase, type ClusterCase } from '../support/cluster/cases/common.js';
import {
  engineRefusesThatMember,
  jobOnAMemberThatDoesNotWrite,
  lockRowRaced,
  twoJobsAtOnce,
} from '../support/cluster/cases/job-cases.js';
import { killedMemberUsedAgain, writerKilledUnderWrites } from '../support/cluster/cases/failover-cases.js';
import {
  jobKilledMidStatement,
  migrationUnderWrites,
  onlineChangeOnTheCluster,
  writerKilledMidMigration,
} from '../support/cluster/cases/migration-cases.js';

const figures: Record<string, unknown> = {};
let cluster: ClusterFixture;
const on = (): ClusterCase => ({ cluster, figures });

beforeAll(async () => {
  const started = Date.now();
  cluster = await startTierCluster();
  figures.kind = cluster.kind;
  figures.startMs = Date.now() - started;
}, 300_000);

afterAll(async () => {
  await cluster?.destroy();
  process.stdout.write(`cluster suite (${JSON.stringify(figures)})\n`);
}, 120_000);

afterEach(async () => {
  for (const node of cluster.ports.keys()) {
    if (!cluster.running(node)) {
      await cluster.restart(node);
    }
  }
  await cluster.healthy();
}, 300_000);

describe('the migrate job on a cluster', () => {
  it('two jobs at once on two members of a fresh database: each migration applied exactly once, both exit 0', () =>
    twoJobsAtOnce(on()));

  it('a job pointed at one member that does not take writes applies on the writer, and waits for every member', () =>
    jobOnAMemberThatDoesNotWrite(on()));

  it('the engine itself refuses a member that does not take writes, before anything runs', () =>
    engineRefusesThatMember(on()));

  it('the lock row: two runs racing on two members, 20 rounds: never both inside at once', () => lockRowRaced(on()));
});

describe('the API when the writer dies', () => {
  let database: string;
  let app: NestFastifyApplication;
  const api = (): ApiCase => ({ cluster, figures, app, database });

  beforeAll(async () => {
    database = freshName('failover');
    expect((await dbProcess(['up'], cluster.url(database), { env: jobEnv })).code).toBe(0);
    app = await clusterApp(cluster, database);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('kill -9 of the writer under a write loop: only 503s with Retry-After meanwhile, every acknowledged write kept', () =>
    writerKilledUnderWrites(api()));

  it('a killed member rejoins and the API uses it again', () => killedMemberUsedAgain(api()));
});

describe('a migration on a cluster', () => {
  it('kill -9 of the writer mid-migration, then the job again: it takes the lock over and resumes on the new writer', () =>
    writerKilledMidMigration(on()));

  it('kill -9 of the job itself mid-statement: the next job waits for that statement, takes the lock over, resumes', () =>
    jobKilledMidStatement(on()));

  it('a migration while another member takes writes: every node keeps answering, none wedges, no LOCK TABLES on Galera', () =>
    migrationUnderWrites(on()));

  it('an online migration (pt-online-schema-change) on the cluster: the guard lets it through in production', () =>
    onlineChangeOnTheCluster(on()));
});

/**
 * The migration window on a cluster: writes go on while the migrate job applies an INSTANT
 * change, then one that is not (an index build on a 200,000-row table). Three windows each:
 * before (steady state), during the job, after it. Galera: the writes go to one node and the job
 * runs on another (every DDL there holds every node's writes in total order). Group Replication:
 * only the primary takes writes, so both go there; the secondaries' lag behind the DDL is
 * measured too. Writes are plain INSERTs on their own connections, half into the altered table,
 * half into another one, so the figures are the database's, not the API's.
 *
 *   npm run bench:cluster [-- galera | group-replication]   (both by default; one cluster at a time)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { db, dbProcess } from '../test/support/db-cli.js';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { createScratchProject } from '../test/support/scratch-project.js';
import type { ClusterFixture } from '../test/support/cluster/cluster-fixture.js';
import { addMigration, fillCookings } from '../test/support/cluster/cluster-steps.js';
import { GaleraCluster } from '../test/support/cluster/galera-cluster.js';
import { GroupReplicationCluster } from '../test/support/cluster/group-replication-cluster.js';
import { windowStats, type WindowStats } from './migration-under-load.js';

const DATABASE = 'lp_bench_cluster';
const ROWS = 200_000;
const LANES = 4;
const STEADY_MS = 4_000;
const AFTER_MS = 3_000;

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  table: 'altered' | 'other';
}

export interface ChangeWindow {
  change: string;
  jobSeconds: number;
  jobExit: number | null;
  before: WindowStats;
  during: WindowStats;
  after: WindowStats;
  /** The same windows for the writes to the altered table and to the other table. */
  duringByTable: Record<Sample['table'], WindowStats>;
  /** Group Replication: ms from the migration's end on the primary until the slowest secondary had it (the job's own wait). */
  secondaryLagMs?: number;
}

export interface ClusterUnderLoad {
  kind: ClusterFixture['kind'];
  server: string;
  rows: number;
  lanes: number;
  writesOn: string;
  jobOn: string;
  changes: ChangeWindow[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** INSERTs on `lanes` connections to one node until stopped, one sample per statement. */
async function writes(port: number) {
  const samples: Sample[] = [];
  let running = true;
  const connections: Connection[] = [];
  for (let lane = 0; lane < LANES; lane++) {
    connections.push(await createConnection({ host: '127.0.0.1', port, user: 'root', database: DATABASE }));
  }
  const loops = connections.map(async (connection, lane) => {
    const table = lane % 2 === 0 ? 'altered' : 'other';
    const sql =
      table === 'altered'
        ? "INSERT INTO cookings (name, category) VALUES ('bench write', 'bench')"
        : 'INSERT INTO bench_other (note) VALUES (?)';
    while (running) {
      const at = performance.now();
      const ok = await connection.query(sql, [`lane ${lane}`]).then(
        () => true,
        () => false,
      );
      samples.push({ at, ms: performance.now() - at, ok, table });
      if (!ok) {
        await sleep(20);
      }
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
      await Promise.all(connections.map((connection) => connection.end()));
    },
  };
}

async function measure(cluster: ClusterFixture): Promise<ClusterUnderLoad> {
  const writer = await cluster.writer();
  const jobNodes = cluster.kind === 'galera' ? [(writer + 1) % 3, (writer + 2) % 3, writer] : [writer];
  const project = await createScratchProject();
  try {
    const setup = await db(['up'], cluster.url(DATABASE));
    if (setup.code !== 0) {
      throw new Error(`setting the bench database up failed: ${setup.output}`);
    }
    await cluster.query(
      writer,
      `CREATE TABLE ${DATABASE}.bench_other (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))`,
    );
    await fillCookings(cluster, writer, DATABASE, ROWS);
    const changes = [
      { change: 'INSTANT: add a nullable column', sql: 'alter table `cookings` add `bench_note` varchar(20) null' },
      {
        change: 'not INSTANT: add an index (INPLACE, LOCK=NONE)',
        sql: 'alter table `cookings` add index `cookings_bench_index` (`category`, `name`)',
      },
    ];
    const windows: ChangeWindow[] = [];
    for (const [index, { change, sql }] of changes.entries()) {
      await addMigration(project.dir, `Migration2031020100000${index + 1}`, [sql], []);
      windows.push(await oneChange(cluster, writer, jobNodes, project.dir, change));
    }
    const [{ version }] = await cluster.query<{ version: string }[]>(writer, 'SELECT VERSION() AS version');
    return {
      kind: cluster.kind,
      server: version,
      rows: ROWS,
      lanes: LANES,
      writesOn: `node ${writer}`,
      jobOn: `node ${jobNodes[0]}`,
      changes: windows,
    };
  } finally {
    await project.remove();
  }
}

async function oneChange(
  cluster: ClusterFixture,
  writer: number,
  jobNodes: number[],
  dir: string,
  change: string,
): Promise<ChangeWindow> {
  const load = await writes(cluster.ports[writer]);
  await sleep(STEADY_MS);
  const started = performance.now();
  const job = await dbProcess(['up'], cluster.url(DATABASE, jobNodes), { cwd: dir });
  const ended = performance.now();
  const secondaryLagMs = cluster.kind === 'group-replication' ? membersBehindMs(job.output) : undefined;
  await sleep(AFTER_MS);
  await load.stop();
  if (job.code !== 0) {
    throw new Error(`the migrate job exited ${job.code} (${change}): ${job.output}`);
  }
  const inWindow = (sample: Sample) => sample.at >= started && sample.at <= ended;
  const during = load.samples.filter(inWindow);
  return {
    change,
    jobSeconds: Math.round(ended - started) / 1000,
    jobExit: job.code,
    before: windowStats(load.samples.filter((sample) => sample.at < started)),
    during: windowStats(during),
    after: windowStats(load.samples.filter((sample) => sample.at > ended)),
    duringByTable: {
      altered: windowStats(during.filter((sample) => sample.table === 'altered')),
      other: windowStats(during.filter((sample) => sample.table === 'other')),
    },
    ...(secondaryLagMs !== undefined && { secondaryLagMs }),
  };
}

/**
 * How long after the migration was applied the slowest other member had it: the job waits for
 * every member and says so ("Cluster members: 2 of 2 have replayed every migration (h:p 0.4 s, …)").
 */
function membersBehindMs(output: string): number | undefined {
  const line = /Cluster members: \d+ of \d+ have replayed every migration \(([^)]*)\)/.exec(output)?.[1];
  const seconds = [...(line ?? '').matchAll(/ (\d+\.\d) s/g)].map((match) => Number(match[1]));
  return seconds.length > 0 ? Math.round(Math.max(...seconds) * 1000) : undefined;
}

export function clusterMarkdown(result: ClusterUnderLoad): string {
  const cell = (stats: WindowStats) => `${stats.p50} / ${stats.p99} / ${stats.max}`;
  const errors = (stats: WindowStats) => `${stats.errors}/${stats.requests}`;
  return [
    `## Migration window on ${result.kind} (${result.server})`,
    '',
    `${result.lanes} connections INSERT on ${result.writesOn} (half into \`cookings\`, the altered table, half into`,
    `another table); the migrate job runs on ${result.jobOn}; \`cookings\` holds ${result.rows.toLocaleString('en')} rows.`,
    'Write latency in ms (p50 / p99 / max): before the job (steady), during it (job start to end), and',
    'after it; errors are failed statements.',
    '',
    '| change | job (s) | before | during | after | during, altered table | during, other table | errors during | secondaries behind (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.changes.map(
      (change) =>
        `| ${change.change} | ${change.jobSeconds} | ${cell(change.before)} | ${cell(change.during)} | ${cell(change.after)} | ` +
        `${cell(change.duringByTable.altered)} | ${cell(change.duringByTable.other)} | ${errors(change.during)} | ` +
        `${change.secondaryLagMs ?? '–'} |`,
    ),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const kinds = asked.length > 0 ? asked : ['galera', 'group-replication'];
  const results = join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(results, { recursive: true });
  for (const kind of kinds) {
    const cluster = kind === 'galera' ? await GaleraCluster.start() : await GroupReplicationCluster.start();
    try {
      const result = await measure(cluster);
      const file = join(results, `cluster-under-load-${kind}`);
      await writeFile(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
      await writeFile(`${file}.md`, clusterMarkdown(result));
      console.log(clusterMarkdown(result));
    } finally {
      await cluster.destroy();
    }
  }
}

await main();

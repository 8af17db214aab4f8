/**
 * Migration under load: B3 serves the mixed workload (80% get-by-id, 20% patch) while the
 * migrate job applies an ADD COLUMN to `cookings` that an open transaction blocks for a few
 * seconds, then lets through. Latency and errors inside the job's window are set against the
 * steady state before it, for three settings in the same invocation: the server's own lock wait
 * (what the migrator did before it bounded its waits), 1 s waits retried with back-off (the
 * servers' floor, the default until attempts under a second), and the defaults (0.05 s attempts
 * through LOCK TABLES first, src/migrator/server/lock-first.ts).
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { SCENARIOS, type RunningServer } from './harness.js';
import type { DatabaseTarget } from '../src/config/database-url.js';

export interface WindowStats {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface UnderLoadResult {
  variant: string;
  lockWaitSeconds: number;
  /** The database server's VERSION(). */
  server: string;
  jobSeconds: number;
  steady: WindowStats;
  window: WindowStats;
}

const VARIANTS = [
  { variant: 'before: the server default lock wait', lockWaitSeconds: 31_536_000 },
  { variant: '1 s waits, retried (the servers’ floor)', lockWaitSeconds: 1 },
  { variant: 'after: 0.05 s attempts, retried (the defaults)', lockWaitSeconds: 0.05 },
];

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

export function windowStats(samples: Sample[]): WindowStats {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
  return {
    requests: samples.length,
    errors: samples.filter((sample) => !sample.ok).length,
    p50: Math.round(pick(0.5)),
    p99: Math.round(pick(0.99)),
    max: Math.round(sorted.at(-1) ?? 0),
  };
}

/** dist/ with more migrations, each an ADD COLUMN to cookings (earlier variants' stay: they are applied). */
async function folderWithMigrations(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-under-load-'));
  await cp(join(PROJECT_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  await cp(join(PROJECT_ROOT, 'package.json'), join(dir, 'package.json'));
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const migrations = join(dir, 'dist', 'migrations');
  for (const file of (await readdir(migrations)).filter((entry) => entry.endsWith('.d.ts'))) {
    await rm(join(migrations, file));
  }
  for (let index = 1; index <= count; index++) {
    const name = `Migration2031010100000${index}`;
    const column = `under_load_${index}`;
    await writeFile(
      join(migrations, `${name}.js`),
      `import { Migration } from '@mikro-orm/migrations';\nexport class ${name} extends Migration {\n  name = '${name}';\n` +
        `  up() {\n    this.addSql("alter table \`cookings\` add \`${column}\` varchar(20) null");\n  }\n` +
        `  down() {\n    this.addSql("alter table \`cookings\` drop column \`${column}\`");\n  }\n}\n`,
    );
  }
  return dir;
}

function job(dir: string, databaseUrl: string, lockWaitSeconds: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/src/db-cli/main.js', 'up'], {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_ENV: 'production',
        MIGRATION_DDL_LOCK_WAIT: String(lockWaitSeconds),
      },
      stdio: 'ignore',
    });
    child.on('exit', resolve);
  });
}

/** `connections` loops sending the mixed workload until stopped, one sample per request. */
function workload(base: string, connections: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: connections }, async () => {
    while (running) {
      const request = SCENARIOS['mixed-80-20']();
      const started = performance.now();
      const ok = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(30_000),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.ok;
        },
        () => false,
      );
      samples.push({ at: started, ms: performance.now() - started, ok });
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reverts what the variants applied, so the bench database matches the project's migrations again. */
async function revert(dir: string, databaseUrl: string, count: number): Promise<void> {
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['dist/src/db-cli/main.js', 'down', '--steps', String(count)], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    child.on('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(`reverting the under-load migrations exited ${code}`);
  }
}

export async function migrationUnderLoad(
  server: RunningServer,
  databaseUrl: string,
  target: DatabaseTarget,
  settings: { steadySeconds: number; blockedSeconds: number; connections: number },
  serverVersion: string,
): Promise<UnderLoadResult[]> {
  const results: UnderLoadResult[] = [];
  for (const [index, { variant, lockWaitSeconds }] of VARIANTS.entries()) {
    const dir = await folderWithMigrations(index + 1);
    const last = index === VARIANTS.length - 1;
    const { host, port, user, password, database } = target;
    const blocker = await createConnection({ host, port, user, password, database });
    try {
      const load = workload(server.base, settings.connections);
      await sleep(settings.steadySeconds * 1000);
      await blocker.query('BEGIN');
      await blocker.query('SELECT * FROM cookings LIMIT 1');
      const jobStarted = performance.now();
      const done = job(dir, databaseUrl, lockWaitSeconds);
      await sleep(settings.blockedSeconds * 1000);
      await blocker.query('COMMIT');
      const code = await done;
      const jobEnded = performance.now();
      await sleep(1_000);
      await load.stop();
      if (code !== 0) {
        throw new Error(`the migrate job exited ${code} (${variant})`);
      }
      results.push({
        variant,
        lockWaitSeconds,
        server: serverVersion,
        jobSeconds: Math.round(jobEnded - jobStarted) / 1000,
        steady: windowStats(load.samples.filter((sample) => sample.at < jobStarted)),
        window: windowStats(load.samples.filter((sample) => sample.at >= jobStarted && sample.at <= jobEnded)),
      });
      console.log(`migration under load, ${variant}: ${JSON.stringify(results.at(-1))}`);
      if (last) {
        await revert(dir, databaseUrl, VARIANTS.length);
      }
    } finally {
      await blocker.end();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export function underLoadMarkdown(results: UnderLoadResult[], settings: Record<string, number>): string {
  const cell = (stats: WindowStats) => `${stats.p50} / ${stats.p99} / ${stats.max} | ${stats.errors}/${stats.requests}`;
  const ratio = (result: UnderLoadResult) =>
    result.steady.p99 > 0 ? `${(result.window.p99 / result.steady.p99).toFixed(1)}×` : '–';
  return [
    `## Migration under load (${results[0]?.server ?? 'no server'})`,
    '',
    `B3, mixed-80-20 at ${settings.connections} connections. An open transaction that read from \`cookings\` blocks the`,
    `migrate job's ADD COLUMN for ${settings.blockedSeconds} s, then commits. Latency in ms (p50 / p99 / max); errors`,
    'are failed or non-2xx requests. The window is from the job start to its end; steady is the',
    `${settings.steadySeconds} s before it.`,
    '',
    '| setting | job (s) | steady p50 / p99 / max | steady errors | window p50 / p99 / max | window errors | window p99 / steady p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (result) =>
        `| ${result.variant} | ${result.jobSeconds} | ${cell(result.steady)} | ${cell(result.window)} | ${ratio(result)} |`,
    ),
    '',
  ].join('\n');
}

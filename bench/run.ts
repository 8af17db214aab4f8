/**
 * npm run bench [-- --quick | --soak | --migration-under-load | --ladder [--quick] | --scale [--quick] | --search-options [--quick]]
 * Seeds a bench database (10,000 cookings through the real migrations), then runs B1–B4 one at a
 * time on a loopback port under autocannon, and writes bench/results/latest.{json,md,svg}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import {
  DATABASE_URL,
  load,
  machine,
  resetRows,
  SCENARIOS,
  seed,
  SERVERS,
  startServer,
  run,
  target,
  type RunningServer,
} from './harness.js';
import { markdownReport, medianRound, svgChart, type Measurement, type Report, type ServerId } from './report.js';
import { migrationTimings } from './migration-timings.js';
import { soak } from './soak.js';
import { migrationUnderLoad, underLoadMarkdown, type UnderLoadResult } from './migration-under-load.js';
import { costLadder } from './ladder.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const SETTINGS = QUICK
  ? { warmupSeconds: 2, measureSeconds: 5, rounds: 1, connections: [10, 50] }
  : { warmupSeconds: 5, measureSeconds: 15, rounds: 3, connections: [10, 50] };
const UNDER_LOAD = QUICK
  ? { steadySeconds: 3, blockedSeconds: 4, connections: 10 }
  : { steadySeconds: 5, blockedSeconds: 8, connections: 10 };
const RESULTS = join(PROJECT_ROOT, 'bench', 'results');

async function measure(
  server: RunningServer,
  id: ServerId,
  scenario: string,
  connections: number,
): Promise<Measurement> {
  await load(server.base, scenario, connections, SETTINGS.warmupSeconds);
  const rounds: Measurement[] = [];
  for (let round = 0; round < SETTINGS.rounds; round++) {
    const result = await load(server.base, scenario, connections, SETTINGS.measureSeconds);
    rounds.push({
      server: id,
      scenario,
      connections,
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    });
  }
  const median = medianRound(rounds);
  console.log(
    `${id} ${scenario} c${connections}: ${median.requestsPerSecond} req/s p50 ${median.p50} ms p99 ${median.p99} ms errors ${median.errors} non-2xx ${median.non2xx}`,
  );
  return median;
}

/** B3 under the mixed load while a blocked migration goes through (migration-under-load.ts). */
async function underLoadRun(): Promise<UnderLoadResult[]> {
  await resetRows();
  const server = await startServer('B3');
  try {
    return await migrationUnderLoad(server, DATABASE_URL, target, UNDER_LOAD, (await machine()).database);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (args.has('--scale')) {
    await import('./scale.js');
    return;
  }
  if (args.has('--search-options')) {
    await import('./search-index-options.js');
    return;
  }
  await run('npm', ['run', '--silent', 'build'], {});
  if (args.has('--migration-under-load')) {
    await seed();
    const results = await underLoadRun();
    await mkdir(RESULTS, { recursive: true });
    // One file per server family: the bench runs on MariaDB and MySQL (TEST_DATABASE_URL).
    const family = /mariadb/i.test(results[0].server) ? 'mariadb' : 'mysql';
    const file = join(RESULTS, `migration-under-load-${family}`);
    await writeFile(`${file}.json`, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(`${file}.md`, underLoadMarkdown(results, UNDER_LOAD));
    console.log(underLoadMarkdown(results, UNDER_LOAD));
    return;
  }
  if (args.has('--ladder')) {
    await seed();
    await costLadder(SETTINGS, RESULTS);
    return;
  }
  if (args.has('--soak')) {
    await seed();
    await soak(startServer, RESULTS);
    return;
  }
  await seed();
  const report: Report = {
    machine: await machine(),
    settings: { mode: QUICK ? 'quick' : 'full', ...SETTINGS, connections: SETTINGS.connections.join('/') },
    measurements: [],
    memory: {},
    extras: {},
  };
  for (const id of Object.keys(SERVERS) as ServerId[]) {
    // Every server starts from the same 10,000 rows: the previous one's POSTs would otherwise
    // grow the table and slow down the COUNT(*) of the next one's list scenario.
    await resetRows();
    const server = await startServer(id);
    try {
      const before = await server.memory();
      for (const scenario of Object.keys(SCENARIOS)) {
        for (const connections of SETTINGS.connections) {
          report.measurements.push(await measure(server, id, scenario, connections));
        }
      }
      report.memory[id] = { before, after: await server.memory() };
    } finally {
      await server.stop();
    }
  }
  await resetRows();
  await costLadder(SETTINGS, RESULTS);
  const underLoad = await underLoadRun();
  report.extras = await migrationTimings(DATABASE_URL, target, QUICK ? 1 : 3);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(RESULTS, 'latest.under-load.json'), `${JSON.stringify(underLoad, null, 2)}\n`);
  const markdown = `${markdownReport(report)}\n${underLoadMarkdown(underLoad, UNDER_LOAD)}`;
  await writeFile(join(RESULTS, 'latest.md'), markdown);
  await writeFile(join(RESULTS, 'latest.svg'), svgChart(report));
  console.log(markdown);
  console.log(`bench: wrote ${join('bench', 'results', 'latest.{json,md,svg}')}`);
}

await main();

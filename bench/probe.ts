/**
 * npm run bench:probe -- <B1|B2|B3|B4> <scenario> [--connections 10] [--warmup 10] [--seconds 15]
 *                        [--rounds 1] [--cpu-prof] [--no-build]
 * One server, one scenario: the loop used while optimising. With --cpu-prof the server writes a
 * V8 profile of the measured rounds to bench/profiles/ (open it in Chrome DevTools or speedscope).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { load, resetRows, run, SCENARIOS, seed, SERVERS, startServer } from './harness.js';
import type { ServerId } from './report.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const [id, scenario] = positionals as [ServerId, string];
if (!(id in SERVERS) || !(scenario in SCENARIOS)) {
  console.error(`usage: bench/probe.ts <${Object.keys(SERVERS).join('|')}> <${Object.keys(SCENARIOS).join('|')}>`);
  process.exit(2);
}

if (!values['no-build']) {
  await run('npm', ['run', '--silent', 'build'], {});
  await seed();
} else {
  await resetRows();
}
const profileDir = join(PROJECT_ROOT, 'bench', 'profiles');
if (values['cpu-prof']) {
  await mkdir(profileDir, { recursive: true });
}
const server = await startServer(id, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
try {
  const connections = Number(values.connections);
  await load(server.base, scenario, connections, Number(values.warmup));
  for (let round = 1; round <= Number(values.rounds); round++) {
    const before = await server.memory();
    const result = await load(server.base, scenario, connections, Number(values.seconds));
    const cpuPerRequest = ((await server.memory()).cpuMs - before.cpuMs) / result.requests.total;
    console.log(
      `${id} ${scenario} c${connections} round ${round}: ${Math.round(result.requests.average)} req/s ` +
        `p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms ` +
        `errors ${result.errors + result.timeouts} non-2xx ${result.non2xx} ` +
        `server CPU ${(cpuPerRequest * 1000).toFixed(0)} µs/request`,
    );
  }
  const memory = await server.memory();
  console.log(
    `${id} memory: rss ${(memory.rss / 2 ** 20).toFixed(1)} MB heap ${(memory.heapUsed / 2 ** 20).toFixed(1)} MB`,
  );
} finally {
  await server.stop();
}
if (values['cpu-prof']) {
  console.log(`profile written to ${join('bench', 'profiles')}/`);
}

/**
 * The cost ladder (part of `npm run bench`; alone: `npm run bench -- --ladder [--quick]`): the
 * same GET /cookings/:id on rungs that each add one thing, from bare Fastify + mysql2 to the app
 * as shipped, measured in one run, in alternating order round by round so that a drift of the
 * machine spreads over every rung. Writes bench/results/ladder.{json,md,svg}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load, SERVERS, startServer, type ServerSpec } from './harness.js';
import { ladderMarkdown, ladderSvg, type LadderStep } from './ladder-report.js';
import { LADDER_RUNGS } from './servers/ladder-rungs.js';

const withTs = ['--import', '@swc-node/register/esm-register'];
const APP_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '0',
  REQUIRE_SCHEMA_CURRENT: 'true',
};

const RUNGS: { rung: string; adds: string; spec: ServerSpec }[] = [
  { rung: 'bare', adds: 'Fastify + mysql2, hand-written SQL (B1)', spec: SERVERS.B1 },
  { rung: 'nest', adds: 'NestJS on the Fastify adapter (B2)', spec: SERVERS.B2 },
  ...LADDER_RUNGS.map(({ rung, adds }) => ({
    rung,
    adds,
    spec: { args: [...withTs, 'bench/servers/ladder.ts'], env: { ...APP_ENV, LADDER_RUNG: rung } },
  })),
  { rung: 'app', adds: 'the rest of dist/main.js: readiness, docs, CORS wiring, compiled (B3)', spec: SERVERS.B3 },
];

export interface LadderSettings {
  warmupSeconds: number;
  measureSeconds: number;
  rounds: number;
  connections: number[];
}

export async function costLadder(given: LadderSettings, results: string): Promise<LadderStep[]> {
  // Ratios of rungs a few percent apart need more than one round, even in a quick run.
  const settings = { ...given, rounds: Math.max(3, given.rounds) };
  const rounds = new Map<string, LadderStep[]>();
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? RUNGS : [...RUNGS].reverse();
    for (const { rung, adds, spec } of order) {
      const server = await startServer(rung, [], spec);
      try {
        for (const connections of settings.connections) {
          await load(server.base, 'get-by-id', connections, settings.warmupSeconds);
          const before = (await server.memory()).cpuMs;
          const result = await load(server.base, 'get-by-id', connections, settings.measureSeconds);
          const cpuMs = (await server.memory()).cpuMs - before;
          const key = `${rung}@${connections}`;
          const step: LadderStep = {
            rung,
            adds,
            connections,
            requestsPerSecond: Math.round(result.requests.average),
            p50: result.latency.p50,
            p99: result.latency.p99,
            errors: result.errors + result.timeouts + result.non2xx,
            cpuMicros: Math.round((cpuMs * 1000) / Math.max(1, result.requests.total)),
          };
          rounds.set(key, [...(rounds.get(key) ?? []), step]);
          console.log(
            `ladder ${rung} c${connections}: ${step.requestsPerSecond} req/s p99 ${step.p99} ms CPU ${step.cpuMicros} µs/request`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  }
  const steps = settings.connections.flatMap((connections) =>
    RUNGS.map(({ rung }) => {
      const measured = rounds.get(`${rung}@${connections}`)!;
      // Each column's median over the rounds, independently: the round with the median req/s is
      // not always the one with the median CPU per request.
      const cpu = measured.map((step) => step.cpuMicros).sort((a, b) => a - b);
      const byRate = [...measured].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
      return { ...byRate[Math.floor(byRate.length / 2)], cpuMicros: cpu[Math.floor(cpu.length / 2)] };
    }),
  );
  const described = `${settings.rounds} round(s) of ${settings.measureSeconds} s after ${settings.warmupSeconds} s of warm-up, median round`;
  await mkdir(results, { recursive: true });
  await writeFile(join(results, 'ladder.json'), `${JSON.stringify({ settings, steps }, null, 2)}\n`);
  await writeFile(join(results, 'ladder.md'), ladderMarkdown(steps, described));
  await writeFile(join(results, 'ladder.svg'), ladderSvg(steps));
  console.log(ladderMarkdown(steps, described));
  console.log(`bench: wrote ${join('bench', 'results', 'ladder.{json,md,svg}')}`);
  return steps;
}

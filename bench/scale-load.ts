/**
 * A fixed number of connections, each sending its next request when the previous one answered,
 * for a given time: latencies are timed with performance.now(), so medians of a few ms keep
 * their decimals (autocannon reports whole milliseconds).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedLoad {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function get(agent: Agent, base: URL, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: base.hostname, port: base.port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export async function timedLoad(
  base: string,
  nextPath: () => string,
  connections: number,
  seconds: number,
): Promise<TimedLoad> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const status = await get(agent, url, nextPath()).catch(() => 0);
        latencies.push(performance.now() - sent);
        if (status !== 200) {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    errors,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

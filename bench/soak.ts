/**
 * Soak: 1,000,000 requests to B3 (reads and writes), with heap and RSS recorded every 50,000.
 * The heap must stay flat: every request's EntityManager fork is released.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon, { type Request as LoadRequest } from 'autocannon';
import type { Memory } from './report.js';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 1_000_000);
const STEP = 50_000;

interface Server {
  base: string;
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

export async function soak(start: (id: 'B3') => Promise<Server>, resultsDir: string): Promise<void> {
  const server = await start('B3');
  const samples: { requests: number; rss: number; heapUsed: number }[] = [];
  let sent = 0;
  let counter = 0;
  const chunk = () =>
    autocannon({
      url: server.base,
      connections: 20,
      amount: STEP,
      requests: [
        {
          setupRequest: (request: LoadRequest): LoadRequest => {
            counter++;
            return counter % 5 === 0
              ? {
                  ...request,
                  method: 'PATCH',
                  path: `/cookings/${1 + (counter % 10_000)}`,
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ name: `soak ${counter}` }),
                }
              : { ...request, method: 'GET', path: `/cookings/${1 + (counter % 10_000)}` };
          },
        },
      ],
    });
  try {
    const warmup = await chunk();
    let errors = warmup.errors + warmup.non2xx + warmup.timeouts;
    sent += STEP;
    samples.push({ requests: sent, ...(await server.memory()) });
    while (sent < TOTAL) {
      const result = await chunk();
      errors += result.errors + result.non2xx + result.timeouts;
      sent += STEP;
      samples.push({ requests: sent, ...(await server.memory()) });
      console.log(
        `soak: ${sent} requests, heap ${(samples.at(-1)!.heapUsed / 1e6).toFixed(1)} MB, rss ${(samples.at(-1)!.rss / 1e6).toFixed(1)} MB`,
      );
    }
    const afterWarmup = samples[0].heapUsed;
    const end = samples.at(-1)!.heapUsed;
    const drift = Math.round(((end - afterWarmup) / afterWarmup) * 1000) / 10;
    const report = {
      total: sent,
      errors,
      heapAfterWarmup: afterWarmup,
      heapAtEnd: end,
      driftPercent: drift,
      withinTenPercent: Math.abs(drift) <= 10,
      samples,
    };
    await writeFile(join(resultsDir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(
      join(resultsDir, 'soak.md'),
      `# Soak: ${sent} requests to B3\n\nHeap after warm-up ${(afterWarmup / 1e6).toFixed(1)} MB, at the end ${(end / 1e6).toFixed(1)} MB: ` +
        `${drift}% (${report.withinTenPercent ? 'within' : 'OUTSIDE'} ±10%). Errors: ${errors}.\n\n| requests | heap MB | RSS MB |\n| ---: | ---: | ---: |\n` +
        samples
          .map((s) => `| ${s.requests} | ${(s.heapUsed / 1e6).toFixed(1)} | ${(s.rss / 1e6).toFixed(1)} |`)
          .join('\n') +
        '\n',
    );
    console.log(`soak: heap drift ${drift}% after ${sent} requests, ${errors} errors`);
  } finally {
    await server.stop();
  }
}

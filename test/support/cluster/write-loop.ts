import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sleep } from './cluster-fixture.js';

export interface WriteLoopResult {
  /** How many answers of each status. */
  statuses: Record<number, number>;
  /** The ids of the cookings the API acknowledged (201). */
  acked: number[];
  /** The longest time between two acknowledged writes, ms. */
  gapMs: number;
  /** One answer that was not 2xx, as it came: status, Retry-After and body. */
  refusal?: { status: number; retryAfter?: string; body: unknown };
}

/** The API's POST /cookings on `lanes` lanes until stopped; a lane that got no 2xx waits 20 ms before the next. */
export function writeLoop(app: NestFastifyApplication, lanes = 4, label = 'failover') {
  const statuses: Record<number, number> = {};
  const acked: number[] = [];
  const ackedAt: number[] = [];
  let refusal: WriteLoopResult['refusal'];
  let running = true;
  let sent = 0;
  const loops = Array.from({ length: lanes }, async () => {
    while (running) {
      const response = await app.inject({ method: 'POST', url: '/cookings', payload: { name: `${label} ${++sent}` } });
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      if (response.statusCode === 201) {
        acked.push(response.json<{ id: number }>().id);
        ackedAt.push(Date.now());
      } else {
        refusal ??= {
          status: response.statusCode,
          retryAfter: response.headers['retry-after'],
          body: response.json(),
        };
        await sleep(20);
      }
    }
  });
  return {
    acked: () => acked.length,
    async stop(): Promise<WriteLoopResult> {
      running = false;
      await Promise.all(loops);
      const times = [...ackedAt].sort((a, b) => a - b);
      const gapMs = times.slice(1).reduce((most, time, index) => Math.max(most, time - times[index]), 0);
      return { statuses, acked: [...acked], gapMs, refusal };
    },
  };
}

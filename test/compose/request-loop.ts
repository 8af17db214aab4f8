import { request as httpRequest } from 'node:http';

/**
 * One request on a connection of its own (no keep-alive): nginx's reload closes its idle client
 * connections, and a client that reuses one at that instant must retry, which browsers do by
 * themselves and this loop does not. A fresh connection per request measures the deploy, not that.
 */
function send(url: string, method: string, body?: object): Promise<{ status: number; text: string }> {
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        timeout: 10_000,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface LoopReport {
  sent: number;
  failed: number;
  /** The first few failures, for the assertion message. */
  failures: string[];
  maxLatencyMs: number;
  /** Cookings whose creation was acknowledged (201), by id, with the name sent. */
  written: Map<number, string>;
}

/**
 * A steady stream of reads and writes through nginx, from `workers` clients in parallel, until
 * stopped: create a cooking, read it, update it, read a page. Any answer other than the expected
 * 2xx, and any network error or timeout, counts as failed.
 */
export function requestLoop(base: string, workers = 4): { stop(): Promise<LoopReport> } {
  const report: LoopReport = { sent: 0, failed: 0, failures: [], maxLatencyMs: 0, written: new Map() };
  let stopped = false;
  const request = async (method: string, path: string, body?: object): Promise<{ id?: number } | undefined> => {
    const started = performance.now();
    report.sent++;
    try {
      const { status, text } = await send(`${base}${path}`, method, body);
      if (status >= 300) {
        throw new Error(`${status} ${text.slice(0, 200)}`);
      }
      return text ? (JSON.parse(text) as { id?: number }) : {};
    } catch (error) {
      report.failed++;
      if (report.failures.length < 10) {
        report.failures.push(`${method} ${path}: ${(error as Error).message}`);
      }
      return undefined;
    } finally {
      report.maxLatencyMs = Math.max(report.maxLatencyMs, performance.now() - started);
    }
  };
  const worker = async (index: number) => {
    for (let round = 0; !stopped; round++) {
      const name = `deploy ${index}-${round}`;
      const created = await request('POST', '/cookings', { name, category: '和食' });
      if (!created) {
        continue;
      }
      const id = created.id!;
      report.written.set(id, name);
      await request('GET', `/cookings/${id}`);
      await request('PATCH', `/cookings/${id}`, { description: `round ${round}` });
      await request('GET', '/cookings?limit=5');
    }
  };
  const running = Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  return {
    async stop() {
      stopped = true;
      await running;
      return report;
    },
  };
}

/**
 * Runs `work` while the loop sends requests, and stops the loop whatever happens: a loop left
 * running after a failed step would go on writing into what later tests read.
 */
export async function underLoad(loop: { stop(): Promise<LoopReport> }, work: () => Promise<void>): Promise<LoopReport> {
  try {
    await work();
  } catch (error) {
    await loop.stop();
    throw error;
  }
  return loop.stop();
}

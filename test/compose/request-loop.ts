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
  const request = async (method: string, path: string, body?: object): Promise<Response | undefined> => {
    const started = performance.now();
    report.sent++;
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.status >= 300) {
        throw new Error(`${response.status} ${text.slice(0, 200)}`);
      }
      return new Response(text, { status: response.status });
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
      const { id } = (await created.json()) as { id: number };
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

import type { RunningRelease } from './release.js';

/** What the traffic saw: every request, every failure, and what each acknowledged write left. */
export interface TrafficReport {
  requests: number;
  failed: string[];
  /** Row id → the description its last acknowledged write set, or that it was deleted. */
  writes: Map<number, Written>;
}

type Written = { description: string | null } | { deleted: true };

interface CookingBody {
  id: number;
  description: string | null;
}

/**
 * Clients of a rolling deploy: each worker creates, reads, updates, lists and now and then
 * deletes rows, one request at a time, sending each request to the next live release in turn (a
 * load balancer's round robin), so a row written by one release is read back by the other. A
 * read that does not show the last acknowledged write counts as a failure, like a 5xx does.
 */
export function startTraffic(live: () => RunningRelease[], workers = 3): { stop(): Promise<TrafficReport> } {
  const report: TrafficReport = { requests: 0, failed: [], writes: new Map() };
  let stopping = false;
  let turn = 0;
  const next = () => {
    const releases = live();
    return releases[turn++ % releases.length];
  };
  const call = async (method: string, path: string, body?: object): Promise<Response | undefined> => {
    const release = next();
    report.requests++;
    try {
      const response = await fetch(`${release.base}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) {
        report.failed.push(`${method} ${path} on ${release.label} → ${response.status} ${await response.text()}`);
        return undefined;
      }
      return response;
    } catch (error) {
      report.failed.push(`${method} ${path} on ${release.label} → ${(error as Error).message}`);
      return undefined;
    }
  };
  const readBack = async (id: number, expected: string | null) => {
    const response = await call('GET', `/cookings/${id}`);
    const body = response && ((await response.json()) as CookingBody);
    if (body && body.description !== expected) {
      report.failed.push(
        `GET /cookings/${id} → description ${JSON.stringify(body.description)}, wrote ${JSON.stringify(expected)}`,
      );
    }
  };
  const worker = async (index: number) => {
    for (let round = 0; !stopping || round < 3; round++) {
      const description = `w${index} r${round} ${round % 4 === 0 ? '' : 'written'}`.trim();
      const created = await call('POST', '/cookings', {
        name: `deploy ${index}-${round}`,
        category: '和食',
        description,
      });
      if (!created) {
        await new Promise((done) => setTimeout(done, 50));
        continue;
      }
      const { id } = (await created.json()) as CookingBody;
      report.writes.set(id, { description });
      await readBack(id, description);
      const changed = round % 3 === 0 ? null : `${description} (changed)`;
      const patched = await call('PATCH', `/cookings/${id}`, { description: changed });
      await readBack(id, patched ? changed : description);
      if (patched) {
        report.writes.set(id, { description: changed });
      }
      await call('GET', '/cookings?limit=5');
      if (round % 5 === 4 && (await call('DELETE', `/cookings/${id}`))) {
        report.writes.set(id, { deleted: true });
      }
    }
  };
  // A failure counts once and is not retried at full speed: a release that is gone must not
  // turn the loop into a busy one.
  const running = Array.from({ length: workers }, (_, index) => worker(index));
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
      return report;
    },
  };
}

/** Reads every acknowledged write back through one release; returns the mismatches. */
export async function checkWrites(release: RunningRelease, writes: TrafficReport['writes']): Promise<string[]> {
  const wrong: string[] = [];
  for (const [id, expected] of writes) {
    const response = await fetch(`${release.base}/cookings/${id}`);
    if ('deleted' in expected) {
      if (response.status !== 404) {
        wrong.push(`row ${id} was deleted, ${release.label} answers ${response.status}`);
      }
      continue;
    }
    const body = response.ok ? ((await response.json()) as CookingBody) : undefined;
    if (body?.description !== expected.description) {
      wrong.push(
        `row ${id}: ${release.label} reads ${JSON.stringify(body?.description)} (${response.status}), acknowledged ${JSON.stringify(expected.description)}`,
      );
    }
  }
  return wrong;
}

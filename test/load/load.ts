/**
 * Load with nothing lost: concurrent POST/PATCH/DELETE/GET against the compiled app for a fixed
 * time, then the database must hold exactly what the answered requests say. The last line printed
 * is the totals. Run with `npm run test:load` (LOAD_SECONDS, LOAD_WORKERS to change the shape).
 */
import { createScratchDatabase, queryDatabase } from '../support/scratch-database.js';
import { migrateCompiled, startCompiledApp } from '../support/compiled-app.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 24);

interface Totals {
  requests: number;
  created: number;
  patched: number;
  deleted: number;
  read: number;
  listed: number;
  errors: string[];
}

const totals: Totals = { requests: 0, created: 0, patched: 0, deleted: 0, read: 0, listed: 0, errors: [] };
/** What the answered requests say the table holds: id → name. */
const expected = new Map<number, string>();

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  totals.requests++;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

function fail(what: string): void {
  if (totals.errors.length < 20) {
    totals.errors.push(what);
  } else {
    totals.errors.push('…');
  }
}

async function worker(base: string, index: number, until: number): Promise<void> {
  const mine: number[] = [];
  let step = 0;
  while (Date.now() < until) {
    step++;
    const roll = (index * 7919 + step * 104729) % 100;
    try {
      if (mine.length < 5 || roll < 35) {
        const name = `w${index}-s${step}`;
        const created = await call(base, 'POST', '/cookings', { name, category: `c${index % 5}` });
        if (created.status !== 201 || created.json.name !== name) {
          fail(`POST ${created.status}`);
          continue;
        }
        expected.set(created.json.id, name);
        mine.push(created.json.id);
        totals.created++;
      } else if (roll < 55) {
        const id = mine[step % mine.length];
        const name = `w${index}-s${step}-patched`;
        const patched = await call(base, 'PATCH', `/cookings/${id}`, { name });
        if (patched.status !== 200 || patched.json.name !== name) {
          fail(`PATCH ${id} ${patched.status}`);
          continue;
        }
        expected.set(id, name);
        totals.patched++;
      } else if (roll < 70) {
        const id = mine.splice(step % mine.length, 1)[0];
        const deleted = await call(base, 'DELETE', `/cookings/${id}`);
        if (deleted.status !== 204) {
          fail(`DELETE ${id} ${deleted.status}`);
          continue;
        }
        expected.delete(id);
        totals.deleted++;
      } else if (roll < 90) {
        const id = mine[step % mine.length];
        const read = await call(base, 'GET', `/cookings/${id}`);
        if (read.status !== 200 || read.json.name !== expected.get(id)) {
          fail(`GET ${id} ${read.status} ${read.json?.name} != ${expected.get(id)}`);
          continue;
        }
        totals.read++;
      } else {
        const list = await call(base, 'GET', `/cookings?limit=20&offset=${step % 50}&category=c${index % 5}`);
        if (list.status !== 200) {
          fail(`LIST ${list.status}`);
          continue;
        }
        totals.listed++;
      }
    } catch (error) {
      fail(`network: ${(error as Error).message}`);
    }
  }
}

async function main(): Promise<number> {
  const database = await createScratchDatabase('load');
  try {
    await migrateCompiled(database.url);
    const app = await startCompiledApp(database.url);
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: WORKERS }, (_, index) => worker(app.base, index, started + SECONDS * 1000)),
      );
    } finally {
      const code = await app.stop();
      if (code !== 0) {
        fail(`app exited with ${code}`);
      }
    }
    const elapsed = (Date.now() - started) / 1000;
    const rows = await queryDatabase<{ id: number; name: string }>(database.name, 'SELECT id, name FROM cookings');
    const found = new Map(rows.map((row) => [row.id, row.name]));
    const lost = [...expected].filter(([id, name]) => found.get(id) !== name).length;
    const extra = [...found.keys()].filter((id) => !expected.has(id)).length;
    for (const error of totals.errors) {
      console.error(`load error: ${error}`);
    }
    const ok = totals.errors.length === 0 && lost === 0 && extra === 0 && found.size === expected.size;
    console.log(`load: ${ok ? 'PASSED' : 'FAILED'}`);
    console.log(
      `load: ${totals.requests} requests in ${elapsed.toFixed(1)} s (${Math.round(totals.requests / elapsed)} req/s, ${WORKERS} workers): ` +
        `${totals.created} created, ${totals.patched} patched, ${totals.deleted} deleted, ${totals.read} read, ${totals.listed} listed; ` +
        `${totals.errors.length} errors; rows expected ${expected.size}, found ${found.size}, lost ${lost}, unexpected ${extra}`,
    );
    return ok ? 0 : 1;
  } finally {
    await database.drop();
  }
}

process.exitCode = await main();

import { MikroORM } from '@mikro-orm/core';
import { MySqlConnection } from '@mikro-orm/mysql';
import type { Connection } from 'mysql2/promise';
import { adminConnection } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const DEADLINE_MS = 1_000;

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { statusCode: number; error: string; message: string };
}

describe('the API never hangs on the database: request deadline, server-side bounds, bounded pool queue', () => {
  let harness: TestApp;
  let base: string;
  let holder: Connection;

  async function call(method: string, path: string, body?: unknown): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      retryAfter: response.headers.get('retry-after'),
      body: text ? JSON.parse(text) : null,
    };
  }

  /** mysql2's pool behind the ORM: every connection it opened, and those idle now (its own fields). */
  async function poolCounts() {
    const connection = harness.app.get(MikroORM).em.getDriver().getConnection();
    if (!(connection instanceof MySqlConnection)) {
      throw new Error('expected the mysql2 connection of @mikro-orm/mysql');
    }
    const pool = await connection.getNativeClient();
    const count = (field: string): number => (Reflect.get(pool, field) as { length: number }).length;
    return { all: count('_allConnections'), free: count('_freeConnections') };
  }

  beforeAll(async () => {
    harness = await startTestApp('deadline', {
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      DATABASE_POOL_SIZE: '4',
      DATABASE_POOL_QUEUE: '1',
    });
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    base = await harness.app.getUrl();
    for (const name of ['一', '二', '三']) {
      expect((await call('POST', '/cookings', { name })).status).toBe(201);
    }
    holder = await adminConnection(harness.db.name);
  });
  afterAll(async () => {
    await holder?.end();
    await harness?.close();
  });

  it('a request held by a row lock gets 503 with Retry-After within the deadline; others are served meanwhile', async () => {
    await holder.query('BEGIN');
    await holder.query("UPDATE cookings SET name = 'locked' WHERE id = 1");
    try {
      const held = Promise.all([
        call('PATCH', '/cookings/1', { name: 'A' }),
        call('PATCH', '/cookings/1', { name: 'B' }),
      ]);
      await new Promise((done) => setTimeout(done, 200));
      const meanwhile = await call('GET', '/cookings/2');
      const answers = await held;
      expect(meanwhile.status).toBe(200);
      expect(meanwhile.ms).toBeLessThan(DEADLINE_MS);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('1');
        expect(answer.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: `the request did not finish within its ${DEADLINE_MS} ms deadline; try again shortly`,
        });
        expect(answer.ms).toBeLessThan(DEADLINE_MS + 1_000);
      }
    } finally {
      await holder.query('ROLLBACK');
    }
    // The server ends the lock waits a second after the deadline: the connections come back, usable.
    // The search index's beat (every 2 s) and its round for the name also borrow a connection for
    // a moment, so the pool is looked at until it is idle rather than once: a connection still
    // held by a lock wait would keep it busy until the 6 s are over.
    let counts = { all: 0, free: 0 };
    await waitFor(
      async () => {
        counts = await poolCounts();
        return counts.free === counts.all;
      },
      'every pool connection to be idle',
      6_000,
    );
    expect(counts.free).toBe(counts.all);
    expect(counts.all).toBeLessThanOrEqual(4);
    for (let i = 0; i < 8; i++) {
      expect((await call('PATCH', '/cookings/1', { name: `after ${i}` })).status).toBe(200);
    }
    expect((await call('GET', '/cookings/1')).body).toMatchObject({ name: 'after 7' });
  });

  it('a statement waiting on a table lock is answered 503 too, and /health/live stays instant', async () => {
    await holder.query('LOCK TABLES cookings WRITE');
    try {
      const held = call('GET', '/cookings/3');
      const live = await call('GET', '/health/live');
      expect(live.status).toBe(200);
      expect(live.ms).toBeLessThan(200);
      const answer = await held;
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('1');
    } finally {
      await holder.query('UNLOCK TABLES');
    }
    await new Promise((done) => setTimeout(done, 2_500));
    expect((await call('GET', '/cookings/3')).status).toBe(200);
  });

  it('beyond the pool and its wait queue, a burst gets a fast 503 instead of waiting', async () => {
    await holder.query('BEGIN');
    await holder.query("UPDATE cookings SET name = 'locked' WHERE id = 1");
    try {
      // Four PATCHes hold the pool's four connections in the row-lock wait; a fifth request takes
      // the queue's one place; the next one finds no room.
      const holding = Promise.all([1, 2, 3, 4].map((n) => call('PATCH', '/cookings/1', { name: `hold ${n}` })));
      await new Promise((done) => setTimeout(done, 300));
      const queued = call('GET', '/cookings/3');
      await new Promise((done) => setTimeout(done, 100));
      const burst = await call('GET', '/cookings/2');
      expect(burst.status).toBe(503);
      expect(burst.body.message).toBe('the database is busy; try again shortly');
      expect(burst.retryAfter).toBe('1');
      expect(burst.ms).toBeLessThan(500);
      expect((await holding).map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
      expect([200, 503]).toContain((await queued).status);
    } finally {
      await holder.query('ROLLBACK');
    }
    await new Promise((done) => setTimeout(done, 2_500));
    expect((await call('GET', '/cookings/2')).status).toBe(200);
  });
});

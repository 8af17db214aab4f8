import { walkIds } from '../support/cursor-walk.js';
import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, any>;

describe('list pages by cursor, bounded offsets and counts on request', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('keyset');
    const names = Array.from({ length: 45 }, (_, i) => `('料理${i + 1}', ${i % 3 === 0 ? "'和食'" : 'NULL'})`);
    await queryDatabase(ctx.db.name, `INSERT INTO cookings (name, category) VALUES ${names.join(', ')}`);
    await queryDatabase(ctx.db.name, "INSERT INTO ingredients (name) VALUES ('塩'), ('砂糖'), ('醤油')");
  });
  afterAll(() => ctx?.close());

  async function get(url: string): Promise<{ status: number; body: Json }> {
    const response = await ctx.app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  }

  const walk = (path: string, limit: number, between?: (page: number) => Promise<void>) =>
    walkIds(ctx.app, path, limit, between);

  it('walks every row once, in id order, by nextCursor; the last page has none', async () => {
    const ids = await walk('/cookings', 10);
    expect(ids).toHaveLength(45);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = await get('/cookings?limit=45');
    expect(last.body.nextCursor).toBeNull();
    expect((await get('/cookings?limit=44')).body.nextCursor).toMatch(/^c1\.[A-Za-z0-9_-]+$/);
  });

  it('keeps filters across cursor pages', async () => {
    const ids = await walk(`/cookings?category=${encodeURIComponent('和食')}`, 4);
    expect(ids).toHaveLength(15);
    const ingredients = await walk('/ingredients', 2);
    expect(ingredients).toHaveLength(3);
  });

  it('skips and repeats no row under concurrent inserts and deletes', async () => {
    const before = (await queryDatabase<{ id: number }>(ctx.db.name, 'SELECT id FROM cookings ORDER BY id')).map(
      (row) => row.id,
    );
    const deleted: number[] = [];
    const ids = await walk('/cookings', 7, async (page) => {
      // Between pages: one row behind the cursor and one ahead are deleted, one is added at the end.
      const behind = before[page * 7];
      const ahead = before[before.length - 1 - page];
      deleted.push(behind, ahead);
      await queryDatabase(ctx.db.name, 'DELETE FROM cookings WHERE id IN (?, ?)', [behind, ahead]);
      await queryDatabase(ctx.db.name, "INSERT INTO cookings (name) VALUES ('追加')");
    });
    expect(new Set(ids).size).toBe(ids.length);
    const after = (await queryDatabase<{ id: number }>(ctx.db.name, 'SELECT id FROM cookings ORDER BY id')).map(
      (row) => row.id,
    );
    // Every row that lived through the whole walk was listed; nothing listed came from nowhere.
    expect(after.filter((id) => before.includes(id) && !ids.includes(id))).toEqual([]);
    expect(ids.filter((id) => !before.includes(id) && !after.includes(id))).toEqual([]);
  });

  it('counts only on request: exact, estimate, or none', async () => {
    const none = await get('/cookings?limit=1');
    expect(none.body).toMatchObject({ total: null, totalKind: null });
    const exact = await get(`/cookings?limit=1&count=exact&category=${encodeURIComponent('和食')}`);
    const [{ n }] = await queryDatabase<{ n: number }>(
      ctx.db.name,
      "SELECT COUNT(*) AS n FROM cookings WHERE category = '和食'",
    );
    expect(exact.body).toMatchObject({ total: Number(n), totalKind: 'exact' });
    const estimate = await get('/cookings?limit=1&count=estimate');
    expect(estimate.body.totalKind).toBe('estimate');
    expect(estimate.body.total).toBeGreaterThan(0);
  });

  it('refuses an offset past 10000 pointing to the cursor, and a cursor with an offset', async () => {
    const deep = await get('/cookings?offset=10001');
    expect(deep).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'offset must not be greater than 10000; page deeper with cursor (the nextCursor of the previous page)',
      },
    });
    expect((await get('/cookings?offset=10000')).status).toBe(200);
    const first = await get('/cookings?limit=2');
    expect((await get(`/cookings?offset=2&cursor=${first.body.nextCursor}`)).body.message).toBe(
      'use either cursor or offset, not both',
    );
  });

  it('refuses a cursor it did not make, and a bad count, with one message each', async () => {
    for (const cursor of ['abc', 'c1.', 'c1.MA', 'c1.LTE', 'c1.OTk5OTk5OTk5OTk']) {
      expect(await get(`/cookings?cursor=${cursor}`)).toMatchObject({
        status: 400,
        body: { message: 'cursor is not valid: pass the nextCursor of a previous page unchanged' },
      });
    }
    expect((await get('/ingredients?count=all')).body.message).toBe('count must be one of none, exact, estimate');
  });
});

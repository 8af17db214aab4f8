import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const json = { 'content-type': 'application/json' };

describe('cookings REST API', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('cooking_api');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
    const response = await ctx.app.inject({
      method,
      url,
      headers: payload === undefined ? {} : json,
      payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    return {
      status: response.statusCode,
      body: response.body ? response.json() : undefined,
      headers: response.headers,
    };
  }

  async function create(fields: Record<string, unknown>) {
    const response = await request('POST', '/cookings', fields);
    expect(response.status).toBe(201);
    return response.body as { id: number; name: string; category: string | null; updatedAt: string };
  }

  function expectError(response: { status: number; body: unknown }, status: number, message: RegExp) {
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.stringMatching(message),
    });
  }

  describe('POST /cookings', () => {
    it('creates a cooking, trims the name and answers 201 with the stored row', async () => {
      const response = await request('POST', '/cookings', {
        name: '  肉じゃが  ',
        category: '和食',
        description: '甘辛い',
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        name: '肉じゃが',
        category: '和食',
        description: '甘辛い',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      });
      const [row] = await queryDatabase<{ name: string; category: string; description: string }>(
        ctx.db.name,
        'SELECT name, category, description FROM cookings WHERE id = ?',
        [response.body.id],
      );
      expect(row).toEqual({ name: '肉じゃが', category: '和食', description: '甘辛い' });
    });

    it('accepts a name alone and stores null for the optional fields', async () => {
      const created = await create({ name: 'ご飯' });
      expect(created).toMatchObject({ name: 'ご飯', category: null, description: null });
    });

    it('accepts a name of exactly 255 characters', async () => {
      const created = await create({ name: 'あ'.repeat(255) });
      expect(created.name).toHaveLength(255);
    });

    it.each([
      ['a missing name', {}, /name/],
      ['an empty name', { name: '' }, /name must be 1 to 255/],
      ['a blank name', { name: '   ' }, /name must be 1 to 255/],
      ['a name of 256 characters', { name: 'x'.repeat(256) }, /name must be 1 to 255/],
      ['a numeric name', { name: 42 }, /name must be a string/],
      [
        'a category of 101 characters',
        { name: 'x', category: 'c'.repeat(101) },
        /category must be shorter than or equal to 100/,
      ],
      ['a numeric category', { name: 'x', category: 5 }, /category must be a string/],
      ['an object description', { name: 'x', description: { a: 1 } }, /description must be a string/],
      ['an unknown field', { name: 'x', rating: 5 }, /property rating should not exist/],
      ['an id in the body', { name: 'x', id: 7 }, /property id should not exist/],
    ])('refuses %s with 400', async (_case, body, message) => {
      expectError(await request('POST', '/cookings', body), 400, message);
    });

    it.each([
      ['malformed JSON', '{"name": '],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"name"'],
    ])('refuses %s with 400', async (_case, raw) => {
      const response = await request('POST', '/cookings', raw);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });

    it('refuses a body over 100 KB with 413 and stores nothing', async () => {
      const before = await queryDatabase<{ n: number }>(ctx.db.name, 'SELECT COUNT(*) AS n FROM cookings');
      const response = await request('POST', '/cookings', { name: 'big', description: 'x'.repeat(101 * 1024) });
      expectError(response, 413, /too large/i);
      const after = await queryDatabase<{ n: number }>(ctx.db.name, 'SELECT COUNT(*) AS n FROM cookings');
      expect(after[0].n).toBe(before[0].n);
    });
  });

  describe('GET /cookings', () => {
    beforeAll(async () => {
      await queryDatabase(ctx.db.name, 'DELETE FROM cookings');
      for (const [name, category] of [
        ['カレーライス', '洋食'],
        ['ハヤシライス', '洋食'],
        ['親子丼', '和食'],
        ['100% juice', null],
        ['under_score', null],
      ]) {
        await create({ name, category });
      }
    });

    it('lists with defaults: limit 20, offset 0, ordered by id, no count, no next page', async () => {
      const response = await request('GET', '/cookings');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: null, totalKind: null, nextCursor: null, limit: 20, offset: 0 });
      const ids = response.body.items.map((item: { id: number }) => item.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(response.body.items.map((item: { name: string }) => item.name)).toEqual([
        'カレーライス',
        'ハヤシライス',
        '親子丼',
        '100% juice',
        'under_score',
      ]);
    });

    it('pages with limit and offset and keeps the total', async () => {
      const response = await request('GET', '/cookings?limit=2&offset=1&count=exact');
      expect(response.body).toMatchObject({ total: 5, totalKind: 'exact' });
      expect(response.body.items.map((item: { name: string }) => item.name)).toEqual(['ハヤシライス', '親子丼']);
      expect(response.body).toMatchObject({ limit: 2, offset: 1 });
    });

    it('filters by exact category', async () => {
      const response = await request('GET', `/cookings?count=exact&category=${encodeURIComponent('洋食')}`);
      expect(response.body.total).toBe(2);
      expect(response.body.items.every((item: { category: string }) => item.category === '洋食')).toBe(true);
      const partial = await request('GET', `/cookings?count=exact&category=${encodeURIComponent('洋')}`);
      expect(partial.body.total).toBe(0);
    });

    it('filters by substring of the name', async () => {
      const response = await request('GET', `/cookings?q=${encodeURIComponent('ライス')}`);
      expect(response.body.items.map((item: { name: string }) => item.name)).toEqual(['カレーライス', 'ハヤシライス']);
    });

    it('takes LIKE wildcards and quotes in q literally', async () => {
      expect((await request('GET', '/cookings?q=%25')).body.items.map((i: { name: string }) => i.name)).toEqual([
        '100% juice',
      ]);
      expect((await request('GET', '/cookings?q=_')).body.items.map((i: { name: string }) => i.name)).toEqual([
        'under_score',
      ]);
      const injection = await request('GET', `/cookings?count=exact&q=${encodeURIComponent("' OR 1=1 -- ")}`);
      expect(injection.status).toBe(200);
      expect(injection.body.total).toBe(0);
    });

    it('combines category and q', async () => {
      const response = await request(
        'GET',
        `/cookings?category=${encodeURIComponent('洋食')}&q=${encodeURIComponent('カレー')}`,
      );
      expect(response.body.items.map((item: { name: string }) => item.name)).toEqual(['カレーライス']);
    });

    it.each([
      // One message each, the one that applies (offset=-1 used to list three).
      ['limit=0', /^limit must not be less than 1$/],
      ['limit=101', /^limit must not be greater than 100$/],
      ['limit=abc', /^limit must be an integer number$/],
      ['limit=1.5', /^limit must be an integer number$/],
      ['offset=-1', /^offset must not be less than 0$/],
      ['offset=x', /^offset must be an integer number$/],
      ['unknown=1', /property unknown should not exist/],
      ['limit=1&limit=2', /limit/],
    ])('refuses ?%s with 400', async (query, message) => {
      expectError(await request('GET', `/cookings?${query}`), 400, message);
    });
  });

  describe('GET/PATCH/DELETE /cookings/:id', () => {
    it('reads one cooking', async () => {
      const created = await create({ name: '味噌汁', category: '汁物' });
      const response = await request('GET', `/cookings/${created.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(created);
    });

    it('answers 404 for an id that does not exist', async () => {
      expectError(await request('GET', '/cookings/2147483647'), 404, /^cooking 2147483647 not found$/);
    });

    it.each(['0', '-1', 'abc', '1.5', '1e3', '0x10', '01', '2147483648', '99999999999999999999'])(
      'refuses id %s with 400',
      async (id) => {
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          expectError(
            await request(method, `/cookings/${id}`, method === 'PATCH' ? { name: 'x' } : undefined),
            400,
            /id must be a positive integer/,
          );
        }
      },
    );

    it('patches only the given fields and moves updatedAt', async () => {
      const created = await create({ name: '焼き魚', category: '和食', description: '塩焼き' });
      await queryDatabase(ctx.db.name, 'UPDATE cookings SET updated_at = updated_at - INTERVAL 1 HOUR WHERE id = ?', [
        created.id,
      ]);
      const response = await request('PATCH', `/cookings/${created.id}`, { description: '照り焼き' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: created.id,
        name: '焼き魚',
        category: '和食',
        description: '照り焼き',
      });
      const backdated = Date.parse(created.updatedAt) - 3_600_000;
      expect(Date.parse(response.body.updatedAt as string)).toBeGreaterThan(backdated);
      const [row] = await queryDatabase<{ description: string }>(
        ctx.db.name,
        'SELECT description FROM cookings WHERE id = ?',
        [created.id],
      );
      expect(row.description).toBe('照り焼き');
    });

    it('clears nullable fields with null', async () => {
      const created = await create({ name: 'サラダ', category: '前菜' });
      const response = await request('PATCH', `/cookings/${created.id}`, { category: null });
      expect(response.body.category).toBeNull();
    });

    it.each([
      ['an empty name', { name: '' }, /name must be 1 to 255/],
      ['a null name', { name: null }, /name/],
      ['an unknown field', { colour: 'red' }, /property colour should not exist/],
      ['a wrong type', { category: ['a'] }, /category must be a string/],
    ])('refuses a patch with %s with 400 and changes nothing', async (_case, body, message) => {
      const created = await create({ name: '卵焼き' });
      expectError(await request('PATCH', `/cookings/${created.id}`, body), 400, message);
      expect((await request('GET', `/cookings/${created.id}`)).body.name).toBe('卵焼き');
    });

    it('answers 404 when patching a missing cooking', async () => {
      expectError(await request('PATCH', '/cookings/2147483646', { name: 'x' }), 404, /cooking 2147483646 not found/);
    });

    it('deletes with 204, then answers 404', async () => {
      const created = await create({ name: '冷奴' });
      const response = await ctx.app.inject({ method: 'DELETE', url: `/cookings/${created.id}` });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectError(await request('GET', `/cookings/${created.id}`), 404, /not found/);
      expectError(await request('DELETE', `/cookings/${created.id}`), 404, /not found/);
    });
  });

  it('answers unknown routes with the uniform 404 body', async () => {
    expectError(await request('GET', '/nowhere'), 404, /Cannot GET \/nowhere/);
  });
});

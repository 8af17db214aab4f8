import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('ingredients REST API and the cooking ↔ ingredient link', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('ingredients_api');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    const response = await ctx.app.inject({
      method,
      url,
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      payload: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  }

  const ingredient = async (name: string) => {
    const response = await call('POST', '/ingredients', { name });
    expect(response.status).toBe(201);
    return response.body as { id: number; name: string };
  };
  const cooking = async (name: string) => (await call('POST', '/cookings', { name })).body as { id: number };

  it('creates, reads, lists, renames and deletes an ingredient', async () => {
    const created = await ingredient('  玉ねぎ ');
    expect(created).toEqual({
      id: expect.any(Number),
      name: '玉ねぎ',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await call('GET', `/ingredients/${created.id}`)).body).toEqual(created);
    const list = await call('GET', `/ingredients?count=exact&q=${encodeURIComponent('ねぎ')}`);
    expect(list.body).toMatchObject({ total: 1, limit: 20, offset: 0, items: [{ name: '玉ねぎ' }] });
    const renamed = await call('PATCH', `/ingredients/${created.id}`, { name: '新玉ねぎ' });
    expect(renamed.body.name).toBe('新玉ねぎ');
    expect((await call('DELETE', `/ingredients/${created.id}`)).status).toBe(204);
    expect((await call('GET', `/ingredients/${created.id}`)).status).toBe(404);
  });

  it('refuses a duplicate name with 409, and bad input with 400', async () => {
    await ingredient('塩');
    expect(await call('POST', '/ingredients', { name: '塩' })).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'an ingredient named "塩" already exists' },
    });
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', extra: true }, { name: 1 }]) {
      const response = await call('POST', '/ingredients', body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    }
    expect((await call('GET', '/ingredients/abc')).status).toBe(400);
    expect((await call('PATCH', '/ingredients/999999', { name: 'x' })).status).toBe(404);
  });

  it('replaces and reads the ingredient list of a cooking, in the given order', async () => {
    const [rice, egg] = [await ingredient('米'), await ingredient('卵')];
    const dish = await cooking('卵かけご飯');
    const put = await call('PUT', `/cookings/${dish.id}/ingredients`, {
      items: [
        { ingredientId: egg.id, quantity: ' 1個 ' },
        { ingredientId: rice.id, quantity: '1膳' },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual([
      { ingredientId: egg.id, name: '卵', quantity: '1個' },
      { ingredientId: rice.id, name: '米', quantity: '1膳' },
    ]);
    expect((await call('GET', `/cookings/${dish.id}/ingredients`)).body).toEqual(put.body);
    const replaced = await call('PUT', `/cookings/${dish.id}/ingredients`, {
      items: [{ ingredientId: rice.id, quantity: '2膳' }],
    });
    expect(replaced.body).toEqual([{ ingredientId: rice.id, name: '米', quantity: '2膳' }]);
    expect((await call('PUT', `/cookings/${dish.id}/ingredients`, { items: [] })).body).toEqual([]);
  });

  it('validates the list: unknown ingredient 422, duplicates 400, missing cooking 404, and changes nothing', async () => {
    const salt = await ingredient('胡椒');
    const dish = await cooking('ステーキ');
    await call('PUT', `/cookings/${dish.id}/ingredients`, { items: [{ ingredientId: salt.id, quantity: '少々' }] });
    const unknown = await call('PUT', `/cookings/${dish.id}/ingredients`, {
      items: [{ ingredientId: 999999, quantity: '1' }],
    });
    expect(unknown).toEqual({
      status: 422,
      body: { statusCode: 422, error: 'Unprocessable Entity', message: 'unknown ingredientId 999999' },
    });
    const duplicate = await call('PUT', `/cookings/${dish.id}/ingredients`, {
      items: [
        { ingredientId: salt.id, quantity: '1' },
        { ingredientId: salt.id, quantity: '2' },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.message).toBe(`ingredientId ${salt.id} appears more than once`);
    for (const body of [
      {},
      { items: 'x' },
      { items: [{ ingredientId: 'a', quantity: '1' }] },
      { items: [{ ingredientId: 1 }] },
    ]) {
      expect((await call('PUT', `/cookings/${dish.id}/ingredients`, body)).status).toBe(400);
    }
    // One message that fits, not "must be an array" beside "no more than 100 elements".
    expect((await call('PUT', `/cookings/${dish.id}/ingredients`, {})).body.message).toBe('items must be an array');
    const tooMany = Array.from({ length: 101 }, () => ({ ingredientId: salt.id, quantity: '1' }));
    expect((await call('PUT', `/cookings/${dish.id}/ingredients`, { items: tooMany })).body.message).toBe(
      'items must contain no more than 100 elements',
    );
    expect((await call('PUT', '/cookings/999999/ingredients', { items: [] })).status).toBe(404);
    expect((await call('GET', '/cookings/999999/ingredients')).status).toBe(404);
    expect((await call('GET', `/cookings/${dish.id}/ingredients`)).body).toEqual([
      { ingredientId: salt.id, name: '胡椒', quantity: '少々' },
    ]);
  });

  it('replaces the list atomically: a row the database refuses half-way leaves the old list in place', async () => {
    const [flour, water] = [await ingredient('小麦粉'), await ingredient('水')];
    const dish = await cooking('うどん');
    await call('PUT', `/cookings/${dish.id}/ingredients`, { items: [{ ingredientId: flour.id, quantity: '200g' }] });
    // The failure comes after the old rows were deleted and the first new row inserted; only the
    // transaction around replace() can bring them back (flushes are not implicitly wrapped).
    await queryDatabase(
      ctx.db.name,
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON cooking_ingredients FOR EACH ROW
       IF NEW.quantity = 'boom' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test trigger'; END IF`,
    );
    try {
      const failed = await call('PUT', `/cookings/${dish.id}/ingredients`, {
        items: [
          { ingredientId: water.id, quantity: '1L' },
          { ingredientId: flour.id, quantity: 'boom' },
        ],
      });
      expect(failed.status).toBe(500);
    } finally {
      await queryDatabase(ctx.db.name, 'DROP TRIGGER refuse_boom');
    }
    expect((await call('GET', `/cookings/${dish.id}/ingredients`)).body).toEqual([
      { ingredientId: flour.id, name: '小麦粉', quantity: '200g' },
    ]);
  });

  it('refuses to delete an ingredient still used by a cooking with 409, and allows it once unused', async () => {
    const butter = await ingredient('バター');
    const dish = await cooking('バターライス');
    await call('PUT', `/cookings/${dish.id}/ingredients`, { items: [{ ingredientId: butter.id, quantity: '10g' }] });
    const refused = await call('DELETE', `/ingredients/${butter.id}`);
    expect(refused).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: `ingredient ${butter.id} is used by 1 cooking(s) (ids ${dish.id}); remove it from them first`,
      },
    });
    expect((await call('DELETE', `/cookings/${dish.id}`)).status).toBe(204);
    const links = await queryDatabase(ctx.db.name, 'SELECT * FROM cooking_ingredients WHERE cooking_id = ?', [dish.id]);
    expect(links).toEqual([]);
    expect((await call('DELETE', `/ingredients/${butter.id}`)).status).toBe(204);
  });
});

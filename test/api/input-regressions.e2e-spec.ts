import { NameIndexer } from '../../src/cooking/name-index/name-indexer.js';
import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The input defects of issue 36, each as the request that showed it (found by hand, by the
 * issue's reporter, or by the fuzzer in test/api/api-fuzz.e2e-spec.ts with the seed noted): exact
 * status and message, and the database left as it was.
 */
describe('input regressions: bodies, media types, text and validation messages', () => {
  let ctx: TestApp;
  let cookingId: number;

  const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload: string, type = 'application/json') =>
    ctx.app.inject({ method, url, payload, headers: { 'content-type': type } });
  const tableChecksums = async () => {
    // The grams of the seed row are written after its commit (src/cooking/name-index/).
    await ctx.app.get(NameIndexer).indexed();
    return queryDatabase(ctx.db.name, 'CHECKSUM TABLE cookings, ingredients, cooking_ingredients, cooking_name_grams');
  };

  beforeAll(async () => {
    ctx = await startTestApp('input_regressions');
    cookingId = (await send('POST', '/cookings', JSON.stringify({ name: 'seed' }))).json().id;
  });
  afterAll(() => ctx?.close());

  let before: unknown;
  beforeEach(async () => {
    before = await tableChecksums();
  });
  afterEach(async () => {
    // Every request here is refused: none may change a row.
    expect(await tableChecksums()).toEqual(before);
  });

  const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const depthMessage = 'the body nests arrays and objects more than 32 levels deep, the limit';

  it.each([
    ['POST', '/cookings', `{"name":"a","x":${deep(1_500)}}`],
    ['PATCH', '/cookings/1', `{"x":${deep(1_500)}}`],
    ['PUT', '/cookings/1/ingredients', `{"items":${deep(1_500)}}`],
    ['POST', '/ingredients', `{"name":${deep(1_500)}}`],
    ['POST', '/cookings', `{"name":"a","x":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}}`],
  ] as const)('%s %s nested 1,500 levels deep: 400 naming the limit (was 500)', async (method, url, body) => {
    const response = await send(method, url, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe(depthMessage);
  });

  it.each([
    ['a bare 1,500-level array', deep(1_500), 'an array'],
    ['null', 'null', 'null'],
    ['[]', '[]', 'an array'],
    ['42', '42', 'a number'],
    ['"x"', '"x"', 'a string'],
  ])('a body that is %s: 400 "the body must be a JSON object"', async (_name, body, kind) => {
    for (const [method, url] of [
      ['POST', '/cookings'],
      ['PATCH', '/cookings/1'],
      ['PUT', '/cookings/1/ingredients'],
      ['POST', '/ingredients'],
    ] as const) {
      const response = await send(method, url, body);
      // PATCH with null answered 200 and changed nothing; the others named a field.
      expect({ method, url, status: response.statusCode, message: response.json().message }).toEqual({
        method,
        url,
        status: 400,
        message: `the body must be a JSON object (got ${kind})`,
      });
    }
  });

  it.each([
    ['POST', '/cookings'],
    ['PATCH', '/cookings/1'],
    ['PUT', '/cookings/1/ingredients'],
    ['DELETE', '/cookings/1'],
  ] as const)('%s %s with a text/plain body: 415 naming application/json', async (method, url) => {
    // Fastify's text/plain parser handed the string on: POST, PATCH and PUT answered 400 with
    // messages about fields, DELETE 204.
    const response = await send(method, url, 'name=x', 'text/plain');
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'unsupported media type ("text/plain"): send the body as application/json',
    });
  });

  it('a Content-Type that cannot be read: 415 naming application/json', async () => {
    const response = await send('POST', '/cookings', '{"name":"x"}', 'garbage');
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toBe('the Content-Type header cannot be read: send the body as application/json');
  });

  it('a lone surrogate is refused, not stored as U+FFFD (was 201 echoing \\ud800x, stored EF BF BD 78)', async () => {
    for (const [method, url, body, where] of [
      ['POST', '/cookings', '{"name":"\\ud800x"}', 'name'],
      ['PATCH', `/cookings/${cookingId}`, '{"description":"a\\udc00"}', 'description'],
      ['POST', '/ingredients', '{"name":"\\udbff"}', 'name'],
      [
        'PUT',
        `/cookings/${cookingId}/ingredients`,
        '{"items":[{"ingredientId":1,"quantity":"\\ud800"}]}',
        'items[0].quantity',
      ],
    ] as const) {
      const response = await send(method, url, body);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.json().message).toMatch(
        new RegExp(`^${where.replace(/[[\].]/g, '\\$&')} holds a lone surrogate`),
      );
    }
  });

  it.each([
    ['{"items":{"a":1}}', 'items must be an array'],
    ['{"items":[null]}', 'items.0 must be an object {"ingredientId", "quantity"} (got null)'],
    ['{"items":[1]}', 'items.0 must be an object {"ingredientId", "quantity"} (got a number)'],
    // Passed validation as an empty nested list, then answered 422 "unknown ingredientId ".
    ['{"items":[[]]}', 'items.0 must be an object {"ingredientId", "quantity"} (got an array)'],
    ['{"items":[{"ingredientId":"x","quantity":"1"}]}', 'items.0.ingredientId must be an integer number'],
  ])('PUT ingredients %s: one clear message', async (body, message) => {
    const response = await send('PUT', `/cookings/${cookingId}/ingredients`, body);
    expect({ status: response.statusCode, message: response.json().message }).toEqual({ status: 400, message });
  });

  it.each([
    ['a numeric name', '{"name":42}', 'name must be a string'],
    ['a numeric description', '{"name":"x","description":5}', 'description must be a string'],
    // 255 characters by class-validator's count, 510 in the column: the database refused it (500).
    [
      '255 × "a" + U+FE0F',
      JSON.stringify({ name: 'a\uFE0F'.repeat(255) }),
      'name must be 1 to 255 characters long after trimming',
    ],
    [
      '60 × "☺" + U+FE0F as category',
      JSON.stringify({ name: 'x', category: '\u263A\uFE0F'.repeat(60) }),
      'category must be shorter than or equal to 100 characters',
    ],
  ])('POST /cookings with %s: one message for the field', async (_name, body, message) => {
    const response = await send('POST', '/cookings', body);
    expect({ status: response.statusCode, message: response.json().message }).toEqual({ status: 400, message });
  });

  it.each(['q=%FF', 'q=%ED%A0%80', 'category=100%'])(
    'GET /cookings?%s: 400, the escape is not UTF-8 (it searched for the raw text)',
    async (query) => {
      const response = await ctx.app.inject({ method: 'GET', url: `/cookings?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe(
        `query parameter "${query.split('=')[0]}" is not percent-encoded UTF-8: encode it as UTF-8`,
      );
    },
  );
});

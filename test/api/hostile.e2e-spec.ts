import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { cases, json } from '../support/hostile-cases.js';

describe('hostile input: every response is 4xx with the uniform body (or 2xx when valid), never 5xx', () => {
  let ctx: TestApp;
  const all = cases();
  const expectedRows = new Map<number, { name: string; category: string | null; description: string | null }>();
  const outcome = { tried: 0, serverErrors: 0, clientErrors: 0, successes: 0 };

  beforeAll(async () => {
    ctx = await startTestApp('hostile');
    // One real cooking so PATCH/PUT on id 1 exercise validation rather than 404.
    const seed = await ctx.app.inject({
      method: 'POST',
      url: '/cookings',
      headers: { 'content-type': 'application/json' },
      payload: json({ name: 'seed' }),
    });
    const body = seed.json();
    expectedRows.set(body.id, { name: 'seed', category: null, description: null });
  });
  afterAll(async () => {
    process.stdout.write(
      `hostile: ${outcome.tried} cases, ${outcome.successes} 2xx, ${outcome.clientErrors} 4xx, ${outcome.serverErrors} 5xx\n`,
    );
    await ctx?.close();
  });

  it(`has at least 200 cases (${all.length})`, () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
  });

  it.each(all.map((item) => [item.name, item] as const))('%s', async (_name, item) => {
    const headers: Record<string, string> = {};
    if (item.body !== undefined) {
      headers['content-type'] = item.contentType ?? 'application/json';
    }
    const response = await ctx.app.inject({ method: item.method, url: item.url, headers, payload: item.body });
    outcome.tried++;
    if (response.statusCode >= 500) {
      outcome.serverErrors++;
    } else if (response.statusCode >= 400) {
      outcome.clientErrors++;
    } else {
      outcome.successes++;
    }
    expect({ status: response.statusCode < 500 }).toEqual({ status: true });
    if (item.expect === 'client-error') {
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json()).toEqual({
        statusCode: response.statusCode,
        error: expect.any(String),
        message: expect.any(String),
      });
      return;
    }
    expect(response.statusCode).toBeGreaterThanOrEqual(200);
    expect(response.statusCode).toBeLessThan(300);
    if (item.method === 'POST' && item.url === '/cookings') {
      const created = response.json();
      const sent = JSON.parse(item.body as string);
      expectedRows.set(created.id, {
        name: String(sent.name).trim(),
        category: sent.category === undefined ? null : String(sent.category).trim(),
        description: sent.description ?? null,
      });
    }
  });

  it('leaves exactly the rows the valid requests created, byte for byte, and no stray table', async () => {
    const rows = await queryDatabase<{ id: number; name: string; category: string | null; description: string | null }>(
      ctx.db.name,
      'SELECT id, name, category, description FROM cookings ORDER BY id',
    );
    expect(new Map(rows.map(({ id, ...rest }) => [id, rest]))).toEqual(expectedRows);
    const tables = await queryDatabase<{ name: string }>(
      ctx.db.name,
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME',
    );
    expect(tables.map((table) => table.name).sort()).toEqual([
      'cooking_ingredients',
      'cooking_name_grams',
      'cooking_name_index_leases',
      'cookings',
      'ingredients',
      'mikro_orm_migrations',
      'mikro_orm_migrations_meta',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(outcome.serverErrors).toBe(0);
  });
});

import { createApp } from '../../src/app.factory.js';
import { db } from '../support/db-cli.js';
import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-env.js';

describe('health: liveness and schema-aware readiness', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('health');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const get = async (url: string) => {
    const response = await ctx.app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it('/health/live answers 200 while the process runs', async () => {
    expect(await get('/health/live')).toEqual({
      status: 200,
      body: { status: 'ok', info: {}, error: {}, details: {} },
    });
  });

  it('/health/ready answers 200 with the database and schema up when everything is applied', async () => {
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({
      database: { status: 'up' },
      schema: { status: 'up', pending: [], failed: [], head: expect.stringMatching(/^Migration\d{14}$/) },
    });
  });

  it('/health/ready answers 503 with the reason while a migration is pending, and 200 again after up', async () => {
    await db(['down'], ctx.db.url);
    const ready = await get('/health/ready');
    expect(ready).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(
          /^not ready: schema: schema is behind: 1 migration\(s\) pending that this build needs \(Migration\d{14}\) — apply them with the migrate job/,
        ),
      },
    });
    await db(['up'], ctx.db.url);
    expect((await get('/health/ready')).status).toBe(200);
  });

  it('/health/ready answers 503 while a migration is failed', async () => {
    await db(['down'], ctx.db.url);
    const { name } = JSON.parse((await db(['status', '--json'], ctx.db.url)).output).pending[0] as { name: string };
    await queryDatabase(
      ctx.db.name,
      "INSERT INTO mikro_orm_migrations_meta (name, status, failed_statement, statements, error) VALUES (?, 'failed', 2, 3, 'boom')",
      [name],
    );
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toMatch(/schema needs attention: 1 problem\(s\), 1 failed migration\(s\)/);
    await db(['resolve', name, '--rolled-back'], ctx.db.url);
    await db(['up'], ctx.db.url);
  });

  it('with REQUIRE_SCHEMA_CURRENT=true the API refuses to start on a stale schema, naming the command', async () => {
    await db(['down'], ctx.db.url);
    try {
      await expect(createApp(testConfig(ctx.db.name, { REQUIRE_SCHEMA_CURRENT: 'true' }))).rejects.toThrow(
        /^refusing to start: schema is behind: 1 migration\(s\) pending that this build needs \(Migration\d{14}\) — apply them with the migrate job \(`npm run db -- up`\)/,
      );
    } finally {
      await db(['up'], ctx.db.url);
    }
    const app = await createApp(testConfig(ctx.db.name, { REQUIRE_SCHEMA_CURRENT: 'true' }));
    await app.close();
  });
});

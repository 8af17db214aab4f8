import { readdirSync } from 'node:fs';
import {
  adminConnection,
  createScratchDatabase,
  queryDatabase,
  type ScratchDatabase,
} from '../support/scratch-database.js';
import { PROJECT_ROOT, startBin } from '../support/run-cli.js';
import { mikroOrm } from '../support/run-cli.js';

const MIGRATIONS = readdirSync(`${PROJECT_ROOT}/migrations`)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the migration lock (parallel migrate jobs)', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('lock');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('4 processes running `npx mikro-orm migration:up` at once all succeed and apply each migration exactly once', async () => {
    // Hold the lock while the 4 jobs start, so they are certain to meet at it; then let go.
    const holder = await adminConnection();
    const lockName = `life_platter:migrate:${database.name}`.slice(0, 64);
    await holder.query('SELECT GET_LOCK(?, 0)', [lockName]);
    const jobs = Array.from({ length: 4 }, () =>
      startBin('mikro-orm', ['migration:up'], { env: { DATABASE_URL: database.url } }),
    );
    try {
      await until(
        () => jobs.every((job) => job.output().includes('waiting for the migration lock')),
        'all 4 jobs to wait',
      );
    } finally {
      await holder.query('SELECT RELEASE_LOCK(?)', [lockName]);
      await holder.end();
    }
    const results = await Promise.all(jobs.map((job) => job.done));
    for (const result of results) {
      expect(result.output).not.toMatch(/already exists|Duplicate|error/i);
      expect(result.code).toBe(0);
    }
    const applied = results.filter((result) => /migrations? applied/.test(result.output));
    expect(applied).toHaveLength(1);
    expect(results.filter((result) => result.output.includes('Nothing to apply'))).toHaveLength(3);
    const rows = await queryDatabase<{ name: string }>(
      database.name,
      'SELECT name FROM mikro_orm_migrations ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual(MIGRATIONS);
    const meta = await queryDatabase<{ name: string; status: string }>(
      database.name,
      'SELECT name, status FROM mikro_orm_migrations_meta ORDER BY name',
    );
    expect(meta).toEqual(MIGRATIONS.map((name) => ({ name, status: 'applied' })));
  });

  it('gives up after MIGRATION_LOCK_TIMEOUT with a clear message when the lock stays taken', async () => {
    const holder = await adminConnection();
    const lockName = `life_platter:migrate:${database.name}`.slice(0, 64);
    await holder.query('SELECT GET_LOCK(?, 0)', [lockName]);
    try {
      const result = await mikroOrm(['migration:up'], database.url, { env: { MIGRATION_LOCK_TIMEOUT: '1' } });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/waiting for the migration lock ".*" held by connection \d+/);
      expect(result.output).toMatch(/timed out after 1 s waiting for the migration lock/);
    } finally {
      await holder.end();
    }
    const after = await mikroOrm(['migration:up'], database.url, { env: { MIGRATION_LOCK_TIMEOUT: '1' } });
    expect(after.code).toBe(0);
  });
});

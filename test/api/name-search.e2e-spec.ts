import { containsPattern } from '../../src/db/like-pattern.js';
import { walkIds } from '../support/cursor-walk.js';
import { runBin } from '../support/run-cli.js';
import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NAMES = [
  '肉じゃが',
  '豚肉の生姜焼き',
  'ニクジャガ',
  'にくじゃが',
  '牛肉',
  '肉',
  'カレーライス',
  'カツカレー',
  'ハヤシライス',
  'パパイヤサラダ',
  'ハハ',
  '親子丼',
  '他人丼',
  '天丼 (大盛り)',
  '寿司🍣',
  '100% juice',
  'under_score',
  'Beef Stew',
  'beef curry',
  'a b',
  "O'Brien's pie",
  'back\\slash',
];

const QUERIES = [
  '肉',
  'じゃが',
  'ジャガ',
  '肉じゃが',
  '生姜',
  'カレー',
  'ライス',
  'ハ',
  'パパ',
  'ハハ',
  '丼',
  ' (大',
  '🍣',
  '%',
  '_',
  '% j',
  'beef',
  'BEEF',
  'e',
  ' ',
  "'",
  '\\',
  'まったくない',
  'x',
];

describe('name search (q) through the gram index: the rows LIKE found, without scanning', () => {
  let ctx: TestApp;
  let backfillOutput = '';
  /** `npm run search:backfill` on the suite's database. */
  const backfill = () =>
    runBin('node', ['--import', '@swc-node/register/esm-register', 'scripts/backfill-name-grams.ts'], {
      env: { DATABASE_URL: ctx.db.url },
    });

  beforeAll(async () => {
    ctx = await startTestApp('name_search');
    for (const name of NAMES.slice(0, 15)) {
      const response = await ctx.app.inject({ method: 'POST', url: '/cookings', payload: { name } });
      expect(response.statusCode).toBe(201);
    }
    // The rest written around the API, then back-filled as docs/search.md says (npm run search:backfill).
    for (const name of NAMES.slice(15)) {
      await queryDatabase(ctx.db.name, 'INSERT INTO cookings (name) VALUES (?)', [name]);
    }
    const first = await backfill();
    expect(first.code).toBe(0);
    backfillOutput = first.output;
  });
  afterAll(() => ctx?.close());

  it('the back-fill says how many grams it added, and a second run adds none', async () => {
    expect(backfillOutput).toMatch(/^search:backfill: [1-9]\d* gram rows added on /);
    // Idempotent, and it says so (it once counted every gram it kept as added).
    const again = await backfill();
    expect(again.output).toMatch(/^search:backfill: 0 gram rows added on /);
    expect(again.code).toBe(0);
  });

  /** Every id the API lists for q, following cursors with small pages. */
  const searched = (q: string, extra = '') => walkIds(ctx.app, `/cookings?q=${encodeURIComponent(q)}${extra}`, 2);

  async function scanned(q: string, where = ''): Promise<number[]> {
    const rows = await queryDatabase<{ id: number }>(
      ctx.db.name,
      `SELECT id FROM cookings WHERE name LIKE ?${where} ORDER BY id`,
      [containsPattern(q)],
    );
    return rows.map((row) => row.id);
  }

  it.each(QUERIES)('q=%j finds the same rows, in the same order, as the LIKE scan', async (q) => {
    expect(await searched(q)).toEqual(await scanned(q));
  });

  it('finds the same rows as LIKE within a category too, and counts them', async () => {
    await queryDatabase(
      ctx.db.name,
      "UPDATE cookings SET category = '和食' WHERE name LIKE '%肉%' OR name LIKE '%丼%'",
    );
    expect(await searched('肉', `&category=${encodeURIComponent('和食')}`)).toEqual(
      await scanned('肉', " AND category = '和食'"),
    );
    const counted = await ctx.app.inject({ method: 'GET', url: `/cookings?count=exact&q=${encodeURIComponent('丼')}` });
    expect(counted.json()).toMatchObject({ total: (await scanned('丼')).length, totalKind: 'exact' });
  });

  it('answers a query no name holds at once, counted as exactly 0', async () => {
    const none = await ctx.app.inject({
      method: 'GET',
      url: `/cookings?count=exact&q=${encodeURIComponent('肉じゃがカレー')}`,
    });
    expect(none.json()).toMatchObject({ items: [], nextCursor: null, total: 0, totalKind: 'exact' });
  });

  it('follows renames and deletes: the old name is no longer found, the new one is', async () => {
    const [{ id }] = await queryDatabase<{ id: number }>(ctx.db.name, "SELECT id FROM cookings WHERE name = '親子丼'");
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/cookings/${id}`, payload: { name: '鮭の塩焼き' } });
    expect(renamed.statusCode).toBe(200);
    expect(await searched('親子')).toEqual([]);
    expect(await searched('塩焼')).toEqual([id]);
    // A PATCH without a name leaves the grams alone.
    await ctx.app.inject({ method: 'PATCH', url: `/cookings/${id}`, payload: { category: '和食' } });
    expect(await searched('塩焼')).toEqual([id]);
    await ctx.app.inject({ method: 'DELETE', url: `/cookings/${id}` });
    expect(await searched('塩焼')).toEqual([]);
    const [{ orphans }] = await queryDatabase<{ orphans: number }>(
      ctx.db.name,
      'SELECT COUNT(*) AS orphans FROM cooking_name_grams WHERE cooking_id = ?',
      [id],
    );
    expect(Number(orphans)).toBe(0);
  });

  it('uses the index: the plan reads the gram postings, not the cookings table', async () => {
    const plan = await queryDatabase<{ table: string; key: string | null; type: string }>(
      ctx.db.name,
      // The format named: MySQL 9.7's default (@@explain_format = TREE) has no table/type/key columns.
      "EXPLAIN FORMAT=TRADITIONAL SELECT c.* FROM cooking_name_grams g STRAIGHT_JOIN cookings c ON c.id = g.cooking_id WHERE g.gram = '肉' AND c.name LIKE '%肉%' AND g.cooking_id > 0 ORDER BY g.cooking_id LIMIT 21",
    );
    expect(plan.map((row) => [row.table, row.type, row.key])).toEqual([
      ['g', 'range', 'PRIMARY'],
      ['c', 'eq_ref', 'PRIMARY'],
    ]);
  });
});

/**
 * npm run bench -- --scale [--quick]
 * Grows the bench database through the real migrations to each size (10k, 100k, 1M cookings;
 * quick: 10k and 50k) and measures this app (B3) at each on the list and search paths, against
 * get-by-id at the same size. Writes bench/results/scale-latest.{json,md,svg}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { encodeCursor, MAX_OFFSET } from '../src/db/pagination.dto.js';
import { nameGrams } from '../src/cooking/name-grams.js';
import { DATABASE_URL, machine, run, startServer, target } from './harness.js';
import { nameOf } from './dish-names.js';
import { recreate } from './migration-timings.js';
import { timedLoad } from './scale-load.js';
import { scaleMarkdown, scaleSvg, targetChecks, type ScaleMeasurement, type ScaleReport } from './scale-report.js';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [10_000, 50_000] : [10_000, 100_000, 1_000_000];
const SETTINGS = { warmupSeconds: QUICK ? 1 : 3, measureSeconds: QUICK ? 3 : 8, connections: 10 };
const RESULTS = join(PROJECT_ROOT, 'bench', 'results');

const CATEGORIES = [
  '和食',
  '洋食',
  '中華',
  '韓国料理',
  'エスニック',
  'イタリアン',
  'フレンチ',
  '麺類',
  '丼もの',
  'おかず',
];
/** Typical searches: a dish or part of one (each matches about 1 row in 30). */
const SEARCHES = ['生姜焼き', 'カレー', '親子丼', '唐揚げ', '麻婆', 'ラーメン', 'ハンバーグ', 'すき焼き'];

/** Adds cookings (and their search grams, as the API writes them) up to `size` rows. */
async function growTo(db: Connection, from: number, size: number): Promise<void> {
  const batch = 2_000;
  for (let start = from; start < size; start += batch) {
    const rows = Array.from({ length: Math.min(batch, size - start) }, (_, k) => {
      const i = start + k;
      return [i + 1, nameOf(i), CATEGORIES[i % CATEGORIES.length], `説明 ${i + 1}`];
    });
    await db.query('INSERT INTO cookings (id, name, category, description) VALUES ?', [rows]);
    const grams = rows.flatMap(([id, name]) => nameGrams(name as string).map((gram) => [gram, id]));
    await db.query(
      'INSERT INTO cooking_name_grams (gram, cooking_id) VALUES ? ON DUPLICATE KEY UPDATE gram = cooking_name_grams.gram',
      [grams],
    );
  }
  await db.query('ANALYZE TABLE cookings, cooking_name_grams');
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function scenarios(size: number): Record<string, () => string> {
  return {
    'get-by-id': () => `/cookings/${1 + Math.floor(Math.random() * size)}`,
    'first-page': () => '/cookings?limit=20',
    // Deep in the set: the last tenth before the end, by cursor.
    'cursor-deep': () => `/cookings?limit=20&cursor=${encodeCursor(Math.floor(size * (0.8 + Math.random() * 0.1)))}`,
    'offset-max': () => `/cookings?limit=20&offset=${MAX_OFFSET - 20}`,
    category: () => `/cookings?limit=20&category=${encodeURIComponent(pick(CATEGORIES))}`,
    search: () => `/cookings?limit=20&q=${encodeURIComponent(pick(SEARCHES))}`,
    // For reference, not a target: what every first page cost before counts became optional.
    'first-page-count': () => '/cookings?limit=20&count=exact',
  };
}

async function main(): Promise<void> {
  await run('npm', ['run', '--silent', 'build'], {});
  await recreate(target);
  await run(process.execPath, ['dist/src/db-cli/main.js', 'up'], {
    DATABASE_URL,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  const db = await createConnection({ ...target, database: target.database });
  const report: ScaleReport = {
    machine: await machine(),
    settings: { mode: QUICK ? 'quick' : 'full', ...SETTINGS, sizes: SIZES.join('/') },
    measurements: [],
  };
  let rows = 0;
  try {
    for (const size of SIZES) {
      const seeding = Date.now();
      await growTo(db, rows, size);
      rows = size;
      console.log(`scale: ${size} rows (seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s)`);
      const server = await startServer('B3');
      try {
        for (const [scenario, nextPath] of Object.entries(scenarios(size))) {
          await timedLoad(server.base, nextPath, SETTINGS.connections, SETTINGS.warmupSeconds);
          const result = await timedLoad(server.base, nextPath, SETTINGS.connections, SETTINGS.measureSeconds);
          const measurement: ScaleMeasurement = { rows: size, scenario, ...result };
          report.measurements.push(measurement);
          console.log(
            `scale: ${size} ${scenario}: p50 ${result.p50} ms p99 ${result.p99} ms ${result.requestsPerSecond} req/s errors ${result.errors}`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await db.end();
  }
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'scale-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(RESULTS, 'scale-latest.md'), scaleMarkdown(report));
  await writeFile(join(RESULTS, 'scale-latest.svg'), scaleSvg(report));
  console.log(scaleMarkdown(report));
  const errors = report.measurements.reduce((sum, m) => sum + m.errors, 0);
  if (errors > 0 || targetChecks(report).some((check) => !check.met)) {
    console.log(`scale: ${errors} errors; targets met: ${targetChecks(report).every((check) => check.met)}`);
  }
}

await main();

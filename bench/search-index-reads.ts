/**
 * The read side of bench/search-index-options.ts: the same rows searched through the gram index
 * (the app's own search) and through an InnoDB FULLTEXT ngram index, and the trigger that writes
 * grams inside the insert's statement.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { searchByName } from '../src/cooking/cooking-name-search.js';
import { BACKFILL_NAME_GRAMS_SQL } from '../src/cooking/name-grams.js';
import { containsPattern } from '../src/db/like-pattern.js';
import { nameOf } from './dish-names.js';

/** Positions 1..300 of a name (names are at most 255 characters), without a recursive CTE. */
const POSITIONS =
  '(select a.d + 10 * b.d + 100 * h.d + 1 as n from (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) a cross join (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) b cross join (select 0 d union all select 1 union all select 2) h) p';

/** Every character and adjacent pair of the new name, in the insert's own statement. */
export const GRAMS_TRIGGER =
  'create trigger `cookings_name_grams_ai` after insert on `cookings` for each row ' +
  'insert into `cooking_name_grams` (`gram`, `cooking_id`) ' +
  `select substring(new.\`name\`, p.n, 1), new.\`id\` from ${POSITIONS} where p.n <= char_length(new.\`name\`) ` +
  `union all select substring(new.\`name\`, p.n, 2), new.\`id\` from ${POSITIONS} where p.n < char_length(new.\`name\`) ` +
  'on duplicate key update `gram` = `cooking_name_grams`.`gram`';

/** Dishes, parts of dishes, one character (ngram's smallest token is 2), and a miss. */
const QUERIES = ['生姜焼き', 'カレー', '親子丼', '唐揚げ', '麻婆', '肉', '丼', '本格ピザ窯'];

export interface SearchTiming {
  q: string;
  rows: number;
  gramsMs: number;
  fulltextMs: number;
  likeRows: number;
  fulltextRows: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return Math.round(median(samples) * 100) / 100;
}

/** Adds `rows` cookings, back-fills their grams, and times the first page of each query both ways. */
export async function searchTimings(em: SqlEntityManager, rows: number): Promise<SearchTiming[]> {
  await em.execute('delete from `cookings`');
  for (let start = 0; start < rows; start += 2_000) {
    const names = Array.from({ length: Math.min(2_000, rows - start) }, (_, k) => nameOf(start + k));
    await em.execute(`insert into \`cookings\` (\`name\`) values ${names.map(() => '(?)').join(', ')}`, names);
  }
  await em.execute(BACKFILL_NAME_GRAMS_SQL);
  const timings: SearchTiming[] = [];
  for (const q of QUERIES) {
    const nameLike = containsPattern(q);
    const request = { limit: 20, offset: 0, count: 'none' as const };
    const fulltext = () =>
      em.execute<{ id: number }[]>(
        'select `id` from `cookings` where match(`name`) against(? in boolean mode) and `name` like ? order by `id` limit 21',
        [`"${q}"`, nameLike],
      );
    const [{ n }] = await em.execute<{ n: number }[]>('select count(*) as n from `cookings` where `name` like ?', [
      nameLike,
    ]);
    const [{ m }] = await em.execute<{ m: number }[]>(
      'select count(*) as m from `cookings` where match(`name`) against(? in boolean mode) and `name` like ?',
      [`"${q}"`, nameLike],
    );
    timings.push({
      q,
      rows,
      gramsMs: await timed(() => searchByName(em, { q, nameLike }, request)),
      fulltextMs: await timed(fulltext),
      likeRows: Number(n),
      fulltextRows: Number(m),
    });
  }
  return timings;
}

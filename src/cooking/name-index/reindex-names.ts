import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { retryDeadlocks } from '../../db/deadlock-retry.js';
import { nameGrams } from '../name-grams.js';

/** A pair equal to another under the collation ('a' and 'a ' with PAD SPACE) is stored once. */
const INSERT_GRAMS_TAIL = 'on duplicate key update `gram` = `cooking_name_grams`.`gram`';

/** Cookings per transaction: a few hundred gram rows, one round trip each statement. */
export const REINDEX_CHUNK = 200;

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * Writes the search grams of these cookings from the names stored now, in one transaction.
 *
 * `replace` (a rename, or recovery after a crash) first locks the rows and deletes their old
 * grams: the lock orders this against a newer rename of the same row, whose own re-index then
 * reads the newer name, so the grams end as the last name's. A new row's grams are only added:
 * grams a stale read adds in a race are extra candidates, which the search's LIKE rejects.
 */
export async function reindexNames(em: EntityManager, ids: readonly number[], replace: boolean): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  const sorted = [...ids].sort((a, b) => a - b);
  await em.transactional(async (tx) => {
    const sql = tx as SqlEntityManager;
    const rows = await sql.execute<{ id: number; name: string }[]>(
      `select \`id\`, \`name\` from \`cookings\` where \`id\` in (${placeholders(sorted.length)}) order by \`id\`${replace ? ' for update' : ''}`,
      sorted,
    );
    if (replace) {
      await sql.execute(
        `delete from \`cooking_name_grams\` where \`cooking_id\` in (${placeholders(sorted.length)})`,
        sorted,
      );
    }
    const pairs = rows.flatMap(({ id, name }) => nameGrams(name).map((gram) => [gram, id] as const));
    if (pairs.length > 0) {
      await sql.execute(
        `insert into \`cooking_name_grams\` (\`gram\`, \`cooking_id\`) values ${pairs.map(() => '(?, ?)').join(', ')} ${INSERT_GRAMS_TAIL}`,
        pairs.flat(),
      );
    }
  });
}

/** Re-indexes any number of cookings, REINDEX_CHUNK per transaction, each retried on a deadlock. */
export async function reindexInChunks(em: EntityManager, ids: readonly number[], replace: boolean): Promise<void> {
  for (let start = 0; start < ids.length; start += REINDEX_CHUNK) {
    const chunk = ids.slice(start, start + REINDEX_CHUNK);
    await retryDeadlocks(() => reindexNames(em.fork(), chunk, replace));
  }
}

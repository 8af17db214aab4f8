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
 * The rows are read locked (`for update`), which orders the round against other writes of them:
 * - a rename of the same row waits, and its own re-index then reads the newer name, so with
 *   `replace` (a rename, or recovery after a crash: the old grams are deleted first) the grams end
 *   as the last name's;
 * - a delete of the row either commits first, and the row is not read, or waits for the round
 *   and removes the grams by cascade. Without the lock a row deleted between the read and the
 *   insert failed the grams' foreign key, and with it the whole round, which then waited a second
 *   to retry (test/api/name-index.e2e-spec.ts, "a row deleted while its round runs").
 * A new row's grams are only added, not replaced.
 */
export async function reindexNames(em: EntityManager, ids: readonly number[], replace: boolean): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  const sorted = [...ids].sort((a, b) => a - b);
  await em.transactional(async (tx) => {
    const sql = tx as SqlEntityManager;
    const rows = await sql.execute<{ id: number; name: string }[]>(
      `select \`id\`, \`name\` from \`cookings\` where \`id\` in (${placeholders(sorted.length)}) order by \`id\` for update`,
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

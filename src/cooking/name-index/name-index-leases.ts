import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * Seconds before `covered_before` that a recovery also re-indexes. `updated_at` is the write's
 * time floored to the second (db/clock.ts), taken a moment before the write is tracked, so one
 * second would do; two leave room for the clocks of one host's processes to disagree.
 */
export const RECOVERY_MARGIN_SECONDS = 2;

/** Rows a recovery reads per query while it walks the table in id order. */
const RECOVERY_PAGE = 1_000;

/** A Date as the DATETIME text the ORM stores it as: UTC wall-clock time (forceUtcTimezone). */
export function utcDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const sql = (em: EntityManager) => em as SqlEntityManager;

/** Says this process is alive and that every name it wrote before `coveredBefore` is indexed. */
export async function renewLease(em: EntityManager, owner: string, coveredBefore: Date): Promise<void> {
  const covered = utcDatetime(coveredBefore);
  await sql(em).execute(
    'insert into `cooking_name_index_leases` (`owner`, `covered_before`, `beat_at`) values (?, ?, now()) ' +
      'on duplicate key update `covered_before` = ?, `beat_at` = now()',
    [owner, covered, covered],
  );
}

/** Gives the lease up on a clean stop, once everything this process wrote is indexed. */
export async function releaseLease(em: EntityManager, owner: string): Promise<void> {
  await sql(em).execute('delete from `cooking_name_index_leases` where `owner` = ?', [owner]);
}

/**
 * Takes over the leases of processes that have not beaten for `ttlSeconds` (they crashed, or
 * were killed before they drained): in one transaction, this process's own lease is lowered to
 * the earliest of theirs, and theirs are deleted. If this process dies while it recovers,
 * whoever takes over its lease recovers the same window. Returns the earliest `covered_before`
 * taken over (UTC DATETIME text), or undefined when no lease had expired.
 */
export async function takeOverExpiredLeases(
  em: EntityManager,
  owner: string,
  ttlSeconds: number,
  ownCoveredBefore: Date,
): Promise<{ since: string; owners: string[] } | undefined> {
  return em.transactional(async (tx) => {
    const expired = await sql(tx).execute<{ owner: string; covered: string }[]>(
      "select `owner`, date_format(`covered_before`, '%Y-%m-%d %H:%i:%s') as covered from `cooking_name_index_leases` " +
        'where `owner` <> ? and `beat_at` < now() - interval ? second order by `owner` for update',
      [owner, ttlSeconds],
    );
    if (expired.length === 0) {
      return undefined;
    }
    const since = expired.map((lease) => lease.covered).sort()[0];
    await sql(tx).execute(
      'insert into `cooking_name_index_leases` (`owner`, `covered_before`, `beat_at`) values (?, ?, now()) ' +
        'on duplicate key update `covered_before` = least(`covered_before`, ?), `beat_at` = now()',
      [owner, since < utcDatetime(ownCoveredBefore) ? since : utcDatetime(ownCoveredBefore), since],
    );
    const owners = expired.map((lease) => lease.owner);
    await sql(tx).execute(
      `delete from \`cooking_name_index_leases\` where \`owner\` in (${owners.map(() => '?').join(', ')})`,
      owners,
    );
    return { since, owners };
  });
}

/**
 * Hands the id of every cooking written since `since` (less the margin) to `reindex`, a page at a
 * time in id order. `updated_at` has no index: this runs only after a crash, and one pass over the
 * primary key costs less than an index every write would maintain.
 */
export async function eachWrittenSince(
  em: EntityManager,
  since: string,
  reindex: (ids: number[]) => Promise<void>,
): Promise<number> {
  let seen = 0;
  for (let after = 0; ;) {
    const rows = await sql(em).execute<{ id: number }[]>(
      `select \`id\` from \`cookings\` where \`id\` > ? and \`updated_at\` >= ? - interval ${RECOVERY_MARGIN_SECONDS} second order by \`id\` limit ${RECOVERY_PAGE}`,
      [after, since],
    );
    if (rows.length === 0) {
      return seen;
    }
    const ids = rows.map((row) => Number(row.id));
    await reindex(ids);
    seen += ids.length;
    after = ids[ids.length - 1];
  }
}

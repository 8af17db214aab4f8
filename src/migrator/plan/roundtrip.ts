import type { DdlSession } from '../server/ddl-session.js';
import { emptyScratchDatabase, withScratchSession } from '../server/scratch-database.js';
import type { ServerTarget } from '../types.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

export interface RoundTripMigration {
  name: string;
  up: string[];
  down: string[];
}

export interface RoundTripResult {
  migration: string;
  /** ok; revert: down() does not restore the schema before up(); reapply: up() after down() differs; no-down. */
  outcome: 'ok' | 'revert' | 'reapply' | 'no-down' | 'error';
  /** One line per differing object, or the error. */
  differences: string[];
}

/** Each schema object (table, column, index, foreign key) by name, with what defines it. */
type Snapshot = Map<string, string>;

/**
 * Applies every migration in a scratch database, and after each one: snapshots the schema,
 * runs its down(), checks the schema is what it was before up(), runs up() again and checks the
 * schema is what up() made the first time. A broken down() is found here, not in an incident.
 * The scratch database (`<db>_drift_<hex>`, the drift check's grant) is dropped afterwards.
 */
export async function checkRoundTrip(
  target: ServerTarget,
  migrations: RoundTripMigration[],
): Promise<RoundTripResult[]> {
  return withScratchSession(target, 'drift', async (session, scratch) => {
    const results: RoundTripResult[] = [];
    for (const migration of migrations) {
      results.push(await roundTrip(session, scratch, migration));
      if (results.at(-1)!.outcome === 'error') {
        break;
      }
    }
    return results;
  });
}

async function roundTrip(
  session: DdlSession,
  scratch: string,
  migration: RoundTripMigration,
): Promise<RoundTripResult> {
  const result = (outcome: RoundTripResult['outcome'], differences: string[] = []) => ({
    migration: migration.name,
    outcome,
    differences,
  });
  const apply = async (statements: string[], step: string) => {
    for (const sql of statements) {
      try {
        await session.query(sql);
      } catch (error) {
        throw new Error(`${step}: ${(error as Error).message}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`, {
          cause: error,
        });
      }
    }
  };
  try {
    const before = await snapshot(session, scratch);
    await apply(migration.up, 'up()');
    const after = await snapshot(session, scratch);
    if (migration.down.length === 0) {
      return result('no-down', ['it has no down(): it cannot be reverted']);
    }
    await apply(migration.down, 'down()');
    const reverted = compare(before, await snapshot(session, scratch), 'before up()', 'after down()');
    if (reverted.length > 0) {
      // Re-applying on a schema down() left wrong would only add noise; put it back as up() left it.
      await emptyScratchDatabase(session, scratch);
      await restore(session, after);
      return result('revert', reverted);
    }
    await apply(migration.up, 'up() again');
    const reapplied = compare(after, await snapshot(session, scratch), 'after up()', 'after down() and up() again');
    return result(reapplied.length > 0 ? 'reapply' : 'ok', reapplied);
  } catch (error) {
    return result('error', [(error as Error).message]);
  }
}

/** Rebuilds a schema from its snapshot's CREATE TABLE statements. */
async function restore(session: DdlSession, schema: Snapshot): Promise<void> {
  await session.query('set foreign_key_checks = 0');
  for (const [key, definition] of schema) {
    if (key.startsWith('create ')) {
      await session.query(definition);
    }
  }
  await session.query('set foreign_key_checks = 1');
}

async function snapshot(session: DdlSession, database: string): Promise<Snapshot> {
  const objects: Snapshot = new Map();
  const rows = async (sql: string) => session.query<Record<string, unknown>>(sql, [database]);
  const text = (row: Record<string, unknown>, keys: string[]) =>
    keys.map((key) => `${key}=${String(row[key])}`).join(' ');
  for (const row of await rows(
    `select table_name as t, engine as engine, table_collation as collation, table_comment as comment
       from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'`,
  )) {
    objects.set(`table ${String(row.t)}`, text(row, ['engine', 'collation', 'comment']));
    const [create] = await session.query<Record<string, string>>(`show create table ${quoteIdentifier(String(row.t))}`);
    objects.set(`create ${String(row.t)}`, create['Create Table']);
  }
  for (const row of await rows(
    `select table_name as t, column_name as c, column_type as type, is_nullable as nullable,
            column_default as \`default\`, extra as extra, collation_name as collation, column_comment as comment
       from information_schema.columns where table_schema = ?`,
  )) {
    objects.set(
      `column ${String(row.t)}.${String(row.c)}`,
      text(row, ['type', 'nullable', 'default', 'extra', 'collation', 'comment']),
    );
  }
  for (const row of await rows(
    `select table_name as t, index_name as i, max(non_unique) as non_unique, max(index_type) as type,
            group_concat(concat(column_name, coalesce(concat('(', sub_part, ')'), '')) order by seq_in_index) as columns
       from information_schema.statistics where table_schema = ? group by table_name, index_name`,
  )) {
    objects.set(`index ${String(row.t)}.${String(row.i)}`, text(row, ['columns', 'non_unique', 'type']));
  }
  for (const row of await rows(
    `select r.table_name as t, r.constraint_name as f, r.referenced_table_name as parent,
            r.update_rule as on_update, r.delete_rule as on_delete
       from information_schema.referential_constraints r where r.constraint_schema = ?`,
  )) {
    objects.set(`foreign key ${String(row.t)}.${String(row.f)}`, text(row, ['parent', 'on_update', 'on_delete']));
  }
  return objects;
}

/** What differs between two snapshots, one line per object; CREATE TABLE texts only back the restore. */
function compare(expected: Snapshot, actual: Snapshot, expectedLabel: string, actualLabel: string): string[] {
  const differences: string[] = [];
  const keys = new Set([...expected.keys(), ...actual.keys()].filter((key) => !key.startsWith('create ')));
  for (const key of [...keys].sort()) {
    const [was, is] = [expected.get(key), actual.get(key)];
    if (was === undefined) {
      differences.push(`${key}: present ${actualLabel}, absent ${expectedLabel} (${is})`);
    } else if (is === undefined) {
      differences.push(`${key}: absent ${actualLabel}, present ${expectedLabel} (${was})`);
    } else if (was !== is) {
      differences.push(`${key}: ${expectedLabel} ${was}; ${actualLabel} ${is}`);
    }
  }
  return differences;
}

import { readFile } from 'node:fs/promises';
import {
  SchemaComparator,
  type AbstractSqlPlatform,
  type DatabaseSchema,
  type SqlSchemaGenerator,
} from '@mikro-orm/sql';
import { ReplayFailedError, ScratchDatabaseError } from '../errors/index.js';

/**
 * How migrations/.snapshot.json stands against the migration files. MikroORM's `create` diffs the
 * entities against it, so a snapshot that lags behind the files (a merge took one side, a file was
 * deleted without it, it was restored from git while newer migrations were not committed) writes a
 * migration of changes the files already hold, or misses one.
 */
export type SnapshotStatus =
  | { state: 'current' }
  | { state: 'missing' }
  /** Not JSON: a merge left its conflict markers in it, or it was cut short. */
  | { state: 'unreadable'; reason: string }
  /** It differs from what the migrations build: the SQL that would take it there. */
  | { state: 'stale'; differences: string[] }
  /** The migrations could not be replayed to compare (no database, no right to create a scratch one). */
  | { state: 'unverified'; reason: string };

/** How two schemas are compared: MikroORM's schema generator on the ORM's platform. */
export interface SchemaDiffer {
  generator: SqlSchemaGenerator;
  platform: AbstractSqlPlatform;
}

/** What the snapshot checks need of the migrator. */
export interface SnapshotParts extends SchemaDiffer {
  path: string;
  /** The snapshot as MikroORM reads it; undefined when the file is missing. */
  read(): Promise<DatabaseSchema | undefined>;
  /** What every migration file builds, replayed (engine/schema-replay.ts). */
  replayFiles(): Promise<DatabaseSchema>;
}

/** The statements that would take schema `from` to schema `to`, as MikroORM's comparator says. */
export function schemaChanges(
  { generator, platform }: SchemaDiffer,
  from: DatabaseSchema,
  to: DatabaseSchema,
): string[] {
  const diff = new SchemaComparator(platform).compare(from, to);
  return sqlStatements(generator.diffToSQL(diff, { wrap: false, safe: false, dropTables: true }));
}

/** MikroORM's schema SQL as statements, without its session framing (names, foreign key checks). */
export function sqlStatements(sql: string): string[] {
  return sql
    .split(/;\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^set (names|foreign_key_checks)/i.test(line))
    .map((line) => (line.endsWith(';') ? line : `${line};`));
}

export async function snapshotStatus(parts: SnapshotParts): Promise<SnapshotStatus> {
  let snapshot: DatabaseSchema | undefined;
  try {
    snapshot = await parts.read();
  } catch (error) {
    const text = await readFile(parts.path, 'utf8').catch(() => '');
    const markers = /^(<<<<<<<|=======|>>>>>>>)/m.test(text) ? 'it holds merge conflict markers' : undefined;
    return { state: 'unreadable', reason: markers ?? (error as Error).message };
  }
  if (!snapshot) {
    return { state: 'missing' };
  }
  let files: DatabaseSchema;
  try {
    files = await parts.replayFiles();
  } catch (error) {
    if (error instanceof ReplayFailedError || error instanceof ScratchDatabaseError) {
      return { state: 'unverified', reason: error.message };
    }
    throw error;
  }
  const differences = schemaChanges(parts, snapshot, files);
  return differences.length > 0 ? { state: 'stale', differences } : { state: 'current' };
}

/**
 * The snapshot's keeper: its state against the files, what the entities add to them, and its
 * rebuild. It replays the files once (the first that needs them) for all three.
 */
export class MigrationSnapshot {
  private readonly parts: SnapshotParts & {
    /** The entities' schema, as `create` writes it into the snapshot. */
    target(): DatabaseSchema;
    /** Writes the snapshot: the entities' schema, or the one given. */
    store(schema?: DatabaseSchema): Promise<void>;
  };
  private files?: Promise<DatabaseSchema>;

  constructor(parts: MigrationSnapshot['parts']) {
    this.parts = { ...parts, replayFiles: () => (this.files ??= parts.replayFiles()) };
  }

  get path(): string {
    return this.parts.path;
  }

  status(): Promise<SnapshotStatus> {
    return snapshotStatus(this.parts);
  }

  /**
   * The statements the entities need that no migration file holds, applied or pending: what
   * `check` reports and `create` would write. Throws when the files cannot be replayed.
   */
  async entityChanges(): Promise<string[]> {
    return schemaChanges(this.parts, await this.parts.replayFiles(), this.parts.target());
  }

  /**
   * Rewrites the snapshot as what the migration files build: the entities' schema, as `create`
   * writes it, when the files hold every entity change (the usual case, so a rebuild after a
   * merge gives the same file on every branch); else the replayed schema itself, so the next
   * `create` writes exactly the changes no file holds yet.
   */
  async rebuild(): Promise<{ from: 'entities' | 'migrations'; entityChanges: string[] }> {
    const files = await this.parts.replayFiles();
    const entityChanges = schemaChanges(this.parts, files, this.parts.target());
    await this.parts.store(entityChanges.length === 0 ? undefined : files);
    return { from: entityChanges.length === 0 ? 'entities' : 'migrations', entityChanges };
  }
}

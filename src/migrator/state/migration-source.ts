import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Configuration } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { MigrationSourceError } from '../errors/index.js';
import type { MigrationFile, MigrationPhase, MigrationSql } from '../types.js';

export const MIGRATION_PHASES = ['expand', 'contract'] as const;
export type { MigrationPhase } from '../types.js';

type MigrationClass = new (driver: AbstractSqlDriver, config: Configuration) => Migration;

/** The optional markers a migration class carries (see docs/migrations.md). */
interface Markers {
  allowDestructive?: unknown;
  allowBlocking?: unknown;
  allowBreaking?: unknown;
  phase?: unknown;
  online?: unknown;
}

function reason(marker: unknown): string | undefined {
  return typeof marker === 'string' && marker.trim() ? marker.trim() : undefined;
}

function readMarkers(
  file: MigrationFile,
  markers: Markers,
): Pick<MigrationSql, 'destructiveReason' | 'blockingReason' | 'breakingReason' | 'phase' | 'online'> {
  const phase = markers.phase ?? 'expand';
  if (!(MIGRATION_PHASES as readonly unknown[]).includes(phase)) {
    throw new MigrationSourceError(
      `migration ${file.name} has phase = ${JSON.stringify(phase)}; it must be 'expand' (the default) or 'contract'`,
    );
  }
  if (markers.online !== undefined && markers.online !== 'pt-osc') {
    throw new MigrationSourceError(
      `migration ${file.name} has online = ${JSON.stringify(markers.online)}; the one online method is 'pt-osc'`,
    );
  }
  return {
    destructiveReason: reason(markers.allowDestructive),
    blockingReason: reason(markers.allowBlocking),
    breakingReason: reason(markers.allowBreaking),
    phase: phase as MigrationPhase,
    online: markers.online,
  };
}

/** The markers a migration instance carries, read by name: the Migration type does not declare them. */
function markersOf(instance: Migration): Markers {
  const read = (key: keyof Markers): unknown => Reflect.get(instance, key);
  return {
    allowDestructive: read('allowDestructive'),
    allowBlocking: read('allowBlocking'),
    allowBreaking: read('allowBreaking'),
    phase: read('phase'),
    online: read('online'),
  };
}

export async function loadMigrationClass(file: MigrationFile): Promise<MigrationClass> {
  // A file rewritten in this process (db split, create --split) is imported afresh: the module
  // cache holds it by URL, and the modification time makes the URL new.
  const { mtimeMs } = await stat(file.path);
  const module = (await import(`${pathToFileURL(file.path).href}?mtime=${mtimeMs}`)) as Record<string, unknown>;
  const found = Object.values(module).find((value) => typeof value === 'function');
  if (!found) {
    throw new MigrationSourceError(`migration ${file.name} (${file.path}) exports no migration class`);
  }
  return found as MigrationClass;
}

/**
 * Collects the statements a migration adds with addSql(), for checksums, offline SQL and lint.
 * A migration that runs SQL itself (this.execute, getEntityManager) cannot be read this way and
 * is refused with a message, rather than having its SQL run while we only wanted to read it.
 */
export async function readMigrationSql(
  file: MigrationFile,
  driver: AbstractSqlDriver,
  config: Configuration,
): Promise<MigrationSql> {
  const MigrationType = await loadMigrationClass(file);
  const collect = async (method: 'up' | 'down'): Promise<string[]> => {
    const migration = new MigrationType(driver, config);
    const refuse = () => {
      throw new MigrationSourceError(
        `migration ${file.name} runs SQL directly in ${method}(); use this.addSql() so it can be checksummed and rendered offline`,
      );
    };
    Object.assign(migration, { execute: refuse, getEntityManager: refuse });
    migration.reset();
    try {
      await migration[method]();
    } catch (error) {
      if (method === 'down' && error instanceof Error && /cannot be reverted/.test(error.message)) {
        return [];
      }
      throw error;
    }
    return migration
      .getQueries()
      .map((query) => {
        if (typeof query !== 'string') {
          throw new MigrationSourceError(
            `migration ${file.name} passes a query builder to addSql() in ${method}(); pass SQL text so it can be checksummed and rendered offline`,
          );
        }
        return query.trim();
      })
      .filter((sql) => sql.length > 0);
  };
  const up = await collect('up');
  const down = await collect('down');
  const instance = new MigrationType(driver, config);
  return {
    up,
    down,
    checksum: checksumOf(up, down),
    ...readMarkers(file, markersOf(instance)),
    className: instance.name ?? MigrationType.name,
  };
}

export function checksumOf(up: string[], down: string[]): string {
  return createHash('sha256').update(JSON.stringify({ up, down })).digest('hex');
}

import type { MetaRow } from '../state/migration-meta.js';
import { buildState } from '../state/migration-state.js';
import type { TrackingRow } from '../state/tracking-table.js';
import type { MigrationSql, MigrationState } from '../types.js';
import type { EngineContext } from './engine-context.js';

/** What inspection reads beyond the engine's context: MikroORM's tracking rows and who holds the lock. */
export interface InspectionReads {
  trackingRows(): Promise<TrackingRow[]>;
  /** The connection id holding the migration lock elsewhere, or null. */
  lockHolder(): Promise<number | null>;
}

/**
 * The state of every migration, read only (it creates nothing, so the app's read-only user may
 * ask): the files and their checksums, the tracking table, the companion records, and whether a
 * `running` record is a run in progress or one that died.
 */
export async function inspectMigrations(engine: EngineContext, reads: InspectionReads): Promise<MigrationState> {
  const files = await engine.sources.files();
  const sources = new Map<string, MigrationSql>();
  for (const file of files) {
    sources.set(file.name, await engine.sources.sqlOf(file));
  }
  const checksums = new Map([...sources].map(([name, sql]) => [name, sql.checksum]));
  const tracking = await reads.trackingRows();
  const meta = await engine.meta.all().catch(() => new Map<string, MetaRow>());
  // A record left `running` is a run in progress while another connection holds the lock.
  const running = [...meta.values()].some((row) => row.status === 'running');
  const lockHolder = running ? await reads.lockHolder() : null;
  const state = buildState(files, checksums, tracking, meta, { lockHolder });
  return {
    ...state,
    entries: state.entries.map((entry) => {
      const source = sources.get(entry.name);
      return { ...entry, phase: source?.phase, className: source?.className };
    }),
  };
}

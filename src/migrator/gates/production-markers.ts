import { DestructiveMigrationError, ExpandPhaseError } from '../errors/index.js';
import { productionMarkers } from '../sql/markers.js';
import type { Gate } from './gate.js';

/**
 * Production applies what loses data only with `allowDestructive`, and what breaks the release
 * still running only in a contract migration or with `allowBreaking` (sql/markers.ts). Elsewhere
 * the migration applies, with a warning that names what production will need, so the development
 * loop (drop a property, create, up) works and the file is fixed before it ships.
 */
export const productionMarkersGate: Gate<'before-run'> = {
  name: 'production-markers',
  scope: 'before-run',
  methods: ['up'],
  check({ settings, migrations }) {
    for (const { name, sql } of migrations) {
      if (!sql) {
        continue;
      }
      const { destructive, breaking, missing } = productionMarkers(sql);
      if (!settings.production) {
        if (missing.length > 0) {
          // In an expand migration the breaking findings hold the destructive ones too.
          const findings = breaking.length > 0 ? breaking : destructive;
          settings.onEvent({ type: 'markers-missing', name, missing, findings });
        }
        continue;
      }
      if (missing.includes('allowDestructive')) {
        throw new DestructiveMigrationError(name, destructive, missing.includes('allowBreaking') ? breaking : []);
      }
      if (missing.includes('allowBreaking')) {
        throw new ExpandPhaseError(name, breaking);
      }
      if (destructive.length > 0) {
        settings.onEvent({ type: 'destructive-allowed', name, reason: sql.destructiveReason! });
      }
    }
    return Promise.resolve();
  },
};

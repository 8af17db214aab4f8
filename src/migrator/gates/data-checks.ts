import { failedChecks } from '../plan/data-checks.js';
import { resumePoints } from '../state/migration-state.js';
import { DataCheckError } from '../errors/index.js';
import type { Gate } from './gate.js';

/**
 * Rows already in a table that would make a statement fail half-way (duplicates under a new
 * UNIQUE key, NULLs under NOT NULL, orphans under a foreign key, values a narrower type cannot
 * hold), counted for the whole run before its first statement. The plan leaves out the checks of
 * tables an earlier statement of the run fills or changes; the runner counts each migration's
 * checks again right before it, for what changed while earlier migrations ran.
 */
export const dataChecks: Gate<'after-plan'> = {
  name: 'data-checks',
  scope: 'after-plan',
  methods: ['up'],
  async check({ plan, migrations, state, query }) {
    const failed = await failedChecks((sql) => query(sql), plan);
    const first = failed[0];
    if (!first) {
      return;
    }
    const migration = migrations.find(({ name }) => name === first.migration);
    throw new DataCheckError(
      first.migration,
      resumePoints(state).get(first.migration) ?? 1,
      migration?.sql?.up.length ?? first.statement,
      failed.filter((item) => item.migration === first.migration),
      migration?.sql?.phase,
    );
  },
};

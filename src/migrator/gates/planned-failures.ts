import { PlanForeseesFailureError } from '../errors/index.js';
import type { Gate } from './gate.js';

/**
 * A statement the server already refused on the plan's copy of the schema would fail the live
 * run half-way (MySQL commits each DDL statement): the run is refused before its first statement.
 */
export const plannedFailures: Gate<'after-plan'> = {
  name: 'planned-failures',
  scope: 'after-plan',
  methods: ['up'],
  check({ plan, migrations, selection }) {
    const failing = plan.find((line) => line.fails !== undefined);
    if (failing) {
      const statements = migrations.find(({ name }) => name === failing.migration)?.sql?.up.length ?? failing.statement;
      const before = selection.run.slice(0, selection.run.indexOf(failing.migration));
      throw new PlanForeseesFailureError(
        failing.migration,
        failing.statement,
        statements,
        failing.sql,
        failing.fails!,
        before,
      );
    }
    return Promise.resolve();
  },
};

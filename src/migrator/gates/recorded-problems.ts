import { MigrationBlockedError } from '../errors/index.js';
import { findProblems } from '../state/problems.js';
import type { Gate } from './gate.js';

/** A failed, changed, missing, misnamed or out-of-order migration stops every run until it is dealt with. */
export const recordedProblems: Gate<'before-run'> = {
  name: 'recorded-problems',
  scope: 'before-run',
  methods: ['up', 'down'],
  check({ method, state, settings }) {
    const problems = findProblems(state, { allowOutOfOrder: settings.allowOutOfOrder, method });
    if (problems.length > 0) {
      throw new MigrationBlockedError(method, problems);
    }
    return Promise.resolve();
  },
};

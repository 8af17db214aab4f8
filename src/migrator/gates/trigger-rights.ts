import { TriggerRightsError } from '../errors/index.js';
import { lacksTriggerRights } from '../server/trigger-rights.js';
import type { Gate } from './gate.js';

const CREATES_TRIGGER = /^create\s+(?:definer\s*=\s*\S+\s+)?trigger\b/i;

/** A migration that creates a trigger must not stop half-way on the server's binary-logging rule. */
export const triggerRights: Gate<'before-run'> = {
  name: 'trigger-rights',
  scope: 'before-run',
  methods: ['up'],
  async check({ migrations, query }) {
    const first = migrations.find(({ sql }) => sql?.up.some((statement) => CREATES_TRIGGER.test(statement)));
    const user = first && (await lacksTriggerRights((sql) => query(sql)));
    if (first && user) {
      throw new TriggerRightsError(first.name, user);
    }
  },
};

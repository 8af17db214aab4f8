import { requireForce } from './force.js';
import type { Gate } from './gate.js';

/** `--kill-blockers` rolls back other sessions' transactions: in production only with force. */
export const killBlockersNeedForce: Gate<'before-lock'> = {
  name: 'kill-blockers-need-force',
  scope: 'before-lock',
  methods: ['up', 'down'],
  async check({ settings }) {
    if (settings.killBlockers) {
      await requireForce(
        settings,
        'end the connections that block a migration statement (--kill-blockers)',
        'flag',
        () => Promise.resolve('the open transactions of the connections it names (rolled back)'),
      );
    }
  },
};

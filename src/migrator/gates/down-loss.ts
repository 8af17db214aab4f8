import { byState } from '../state/migration-state.js';
import { requireForce } from './force.js';
import type { Gate } from './gate.js';
import { describeLoss, measureLoss } from './loss-report.js';

/**
 * In production, undoing everything needs force, and so does any other down whose statements
 * would drop a table or a column that holds rows; either way it first says what it would lose.
 */
export const downLoss: Gate<'before-run'> = {
  name: 'down-loss',
  scope: 'before-run',
  methods: ['down'],
  async check({ settings, state, selection, migrations, query }) {
    const plan = selection.run;
    if (!settings.production || plan.length === 0) {
      return;
    }
    const measure = () =>
      measureLoss(
        query,
        migrations.flatMap(({ sql }) => sql?.down ?? []),
      );
    if (plan.length === byState(state, 'applied', 'missing-file').length) {
      const what = `migrate down to base (undo all ${plan.length} migrations)`;
      await requireForce(settings, what, 'flag', async () => describeLoss(await measure()));
      return;
    }
    const loss = await measure();
    if (loss.rows > 0) {
      const what = `migrate down ${plan.length} migration(s) (${plan.join(', ')})`;
      await requireForce(settings, what, 'flag', () => Promise.resolve(describeLoss(loss)));
    }
  },
};

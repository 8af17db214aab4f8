import { newNameFor, timestampAfter } from './renamed-migration.js';
import type { MigrationEntry } from '../types.js';

const NOW = new Date('2026-12-07T14:24:04.512Z');
const pending = (name: string): MigrationEntry => ({
  name,
  state: 'pending',
  checksumChanged: false,
  outOfOrder: false,
});

describe('the name rename gives a pending migration', () => {
  it('is stamped now when every migration is older', () => {
    const known = ['Migration20261125065837', 'Migration20261207141947_add_servings'];
    expect(newNameFor(pending(known[1]), known, undefined, NOW)).toBe('Migration20261207142404_add_servings');
  });

  it('sorts after a migration stamped later than now (named by hand, or on a clock that runs ahead)', () => {
    const known = ['Migration20261125065837', 'Migration20261207150000_add_servings'];
    expect(newNameFor(pending(known[1]), known, undefined, NOW)).toBe('Migration20261207150001_add_servings');
    expect(timestampAfter(['Migration20261207142404'], NOW).toISOString()).toBe('2026-12-07T14:24:05.000Z');
  });

  it('takes the name asked for as it is', () => {
    const known = ['Migration20261207150000_add_servings'];
    expect(newNameFor(pending(known[0]), known, 'Migration20261201000000_add_servings', NOW)).toBe(
      'Migration20261201000000_add_servings',
    );
  });
});

import { ForceRequiredError } from '../errors/index.js';
import type { MigratorSettings } from '../settings.js';
import type { MigratorEvent } from '../events.js';
import type { GateScope } from './gate.js';
import { GATES, runGates } from './gates.js';

const SCOPES: GateScope[] = ['before-lock', 'before-run', 'after-plan'];

function settings(overrides: Partial<MigratorSettings> = {}): MigratorSettings & { events: MigratorEvent[] } {
  const events: MigratorEvent[] = [];
  return {
    lockTimeoutSeconds: 1,
    allowOutOfOrder: false,
    force: false,
    production: false,
    ddlLockWaitSeconds: 1,
    ddlRetryForSeconds: 1,
    longTransactionSeconds: 10,
    blockingRows: 100,
    contract: false,
    onEvent: (event) => events.push(event),
    events,
    ...overrides,
  };
}

describe('the gates of a run', () => {
  it('are listed once each, in the order of their scopes', () => {
    const names = GATES.map((gate) => gate.name);
    expect(new Set(names).size).toBe(names.length);
    const order = GATES.map((gate) => SCOPES.indexOf(gate.scope));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(names).toEqual([
      'kill-blockers-need-force',
      'recorded-problems',
      'contract-order',
      'production-markers',
      'trigger-rights',
      'down-loss',
      'planned-failures',
      'size-guard',
      'data-checks',
    ]);
  });

  it('runGates runs the gates of one scope: --kill-blockers needs force in production, before the lock', async () => {
    const refused = runGates('before-lock', {
      method: 'up',
      settings: settings({ production: true, killBlockers: true }),
    });
    await expect(refused).rejects.toBeInstanceOf(ForceRequiredError);
    const forced = settings({ production: true, killBlockers: true, force: true });
    await runGates('before-lock', { method: 'down', settings: forced });
    expect(forced.events.map((event) => event.type)).toEqual(['forced']);
    await expect(
      runGates('before-lock', { method: 'up', settings: settings({ killBlockers: true }) }),
    ).resolves.toBeUndefined();
  });
});

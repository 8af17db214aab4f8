import { requireFileOrder } from './contract-order.js';

describe('contract order', () => {
  it('refuses a selection that leaves an expand migration behind a contract one, naming both and what may run first', () => {
    const selection = { run: ['E1'], heldBack: ['C2', 'E3'], behindContract: ['E3'], contractWindow: [] };
    let refusal: unknown;
    try {
      requireFileOrder(selection);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ kind: 'contract-first', contracts: ['C2'], waiting: ['E3'], lastBefore: 'E1' });
  });

  it('lets through contract migrations that only wait at the end', () => {
    expect(() =>
      requireFileOrder({ run: ['E1'], heldBack: ['C2'], behindContract: [], contractWindow: ['C2'] }),
    ).not.toThrow();
  });
});

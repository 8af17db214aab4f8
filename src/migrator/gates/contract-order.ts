import { ContractFirstError } from '../errors/index.js';
import type { RunSelection } from '../state/run-selection.js';
import type { Gate } from './gate.js';

/** Throws ContractFirstError when the selection would leave an expand migration behind a contract one. */
export function requireFileOrder(selection: RunSelection): void {
  const [first] = selection.behindContract;
  if (first !== undefined) {
    throw new ContractFirstError(
      selection.heldBack.slice(0, selection.heldBack.indexOf(first)),
      selection.behindContract,
      selection.run.at(-1),
    );
  }
}

/**
 * Migrations run in file order: `up` neither applies an expand migration ahead of a pending
 * contract one nor leaves it waiting silently; it refuses, naming both.
 */
export const contractOrder: Gate<'before-run'> = {
  name: 'contract-order',
  scope: 'before-run',
  methods: ['up'],
  check({ selection }) {
    requireFileOrder(selection);
    return Promise.resolve();
  },
};

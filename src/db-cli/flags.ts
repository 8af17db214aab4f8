import type { Flags } from './command.js';
import { UsageError } from './exit-codes.js';

/** `--steps N`: a positive whole number, or undefined when not given. */
export function stepsFlag(flags: Flags): number | undefined {
  if (typeof flags.steps !== 'string') {
    return undefined;
  }
  if (!/^[1-9]\d*$/.test(flags.steps)) {
    throw new UsageError(`--steps takes a positive whole number (got "${flags.steps}")`);
  }
  return Number(flags.steps);
}

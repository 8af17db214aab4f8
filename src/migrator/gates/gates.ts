/**
 * Everything that can refuse a run of `up` or `down`, in the order it is checked: the one place to
 * read, and to extend, for "what can stop a migration". Each gate is a file of its own with its
 * scope; a run calls `runGates` once per scope, and every gate has answered before the run's
 * first statement. (cashapp/spirit's `pkg/check` registers its checks the same way.)
 */
import { contractOrder } from './contract-order.js';
import { dataChecks } from './data-checks.js';
import { downLoss } from './down-loss.js';
import type { AnyGate, Gate, GateContexts, GateScope } from './gate.js';
import { killBlockersNeedForce } from './kill-blockers-need-force.js';
import { plannedFailures } from './planned-failures.js';
import { productionMarkersGate } from './production-markers.js';
import { recordedProblems } from './recorded-problems.js';
import { sizeGuard } from './size-guard.js';
import { triggerRights } from './trigger-rights.js';

export const GATES: readonly AnyGate[] = [
  // before the lock: the request and the settings alone
  killBlockersNeedForce,
  // under the lock: the recorded state, the selection and the migrations' SQL
  recordedProblems,
  contractOrder,
  productionMarkersGate,
  triggerRights,
  downLoss,
  // once the server's plan is known
  plannedFailures,
  sizeGuard,
  dataChecks,
];

/** Runs the gates of one scope that apply to the run's direction, in order; the first refusal throws. */
export async function runGates<S extends GateScope>(scope: S, context: GateContexts[S]): Promise<void> {
  const inScope = (gate: AnyGate): gate is Extract<AnyGate, Gate<S>> => gate.scope === scope;
  for (const gate of GATES.filter(inScope)) {
    if (gate.methods.includes(context.method)) {
      await gate.check(context);
    }
  }
}

import type { BeforeRunContext } from '../gates/gate.js';
import type { RunSelection } from '../state/run-selection.js';
import type { MigrationState } from '../types.js';
import type { EngineContext } from './engine-context.js';

/** What the gates read of a run: its state, its selection and the SQL of each migration it touches. */
export async function gateContextFor(
  engine: EngineContext,
  method: 'up' | 'down',
  state: MigrationState,
  selection: RunSelection,
): Promise<BeforeRunContext> {
  const migrations = [];
  for (const name of selection.run) {
    migrations.push({ name, sql: await engine.sources.sqlNamed(name) });
  }
  return { method, settings: engine.settings, state, selection, migrations, query: engine.query };
}

/**
 * What a run that passed its gates says before it starts: contract migrations it holds back, a
 * down that reverts in applied order rather than file order, and the contract migrations a
 * fresh database runs in file order with everything else.
 */
export function announceSelection(engine: EngineContext, method: 'up' | 'down', selection: RunSelection): void {
  const { onEvent } = engine.settings;
  if (selection.heldBack.length > 0) {
    onEvent({ type: 'contract-pending', names: selection.heldBack, deployFirst: selection.deployFirst });
  }
  if (method === 'down' && selection.revertsOutOfFileOrder) {
    onEvent({ type: 'down-order', names: selection.run });
  }
  if (selection.freshContracts?.length) {
    onEvent({ type: 'fresh-database', contracts: selection.freshContracts });
  }
}

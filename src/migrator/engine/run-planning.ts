import { planStatements } from '../plan/ddl-plan.js';
import { serverName } from '../server/server-info.js';
import { byState, resumePoints } from '../state/migration-state.js';
import type { MigrationState, PlanLine } from '../types.js';
import type { EngineContext } from './engine-context.js';

const ONLINE_NOTE =
  'copies the table online through pt-online-schema-change: triggers carry writes over; a brief lock at the swap';

/**
 * The server's plan for what a run will execute (plan/ddl-plan.ts), from each migration's
 * resume point; ALTERs planned as a table copy in an `online = 'pt-osc'` migration are marked to
 * run through pt-online-schema-change.
 */
export async function planFor(
  engine: EngineContext,
  names: string[],
  state: MigrationState,
  countChecks: boolean,
): Promise<PlanLine[]> {
  const resume = resumePoints(state);
  const migrations = [];
  for (const name of names) {
    migrations.push({ migration: name, statements: (await engine.sources.sqlToRun(name)).up, from: resume.get(name) });
  }
  const lines = await planStatements(engine.target, await engine.server(), migrations, {
    foreignKeyChecks: engine.foreignKeyChecks,
    countChecks,
  });
  for (const line of lines) {
    // On Galera any ALTER that is not instant holds the cluster: pt-osc copies it in small chunks instead.
    const copies = line.algorithm === 'COPY' || (line.blocksCluster && line.algorithm !== null);
    if (copies && (await engine.sources.sqlToRun(line.migration)).online === 'pt-osc') {
      line.online = 'pt-osc';
      line.note = ONLINE_NOTE;
    }
  }
  return lines;
}

/**
 * The plan an `up` runs on: printed before a production run, checked by the gates after the plan
 * (gates/), and what the runner pins each ALTER to. Without it (no right to create the scratch database)
 * production refuses; other environments run unpinned after saying so (an empty plan).
 */
export async function planForRun(engine: EngineContext, names: string[], state: MigrationState): Promise<PlanLine[]> {
  const { settings } = engine;
  let lines: PlanLine[];
  try {
    lines = await planFor(engine, names, state, false);
  } catch (error) {
    if (settings.production) {
      throw error;
    }
    settings.onEvent({ type: 'plan-unavailable', reason: (error as Error).message });
    return [];
  }
  if (settings.production) {
    settings.onEvent({ type: 'plan', server: serverName((await engine.server()).version), lines });
  }
  return lines;
}

/**
 * Announces the plan of freshly written migrations (create, split) and returns it; a plan that
 * cannot be made is said, not thrown (and is empty).
 */
export async function announceCreatedPlan(
  engine: EngineContext,
  names: string[],
  inspect: () => Promise<MigrationState>,
): Promise<PlanLine[]> {
  try {
    const state = await inspect();
    const pending = byState(state, 'pending').map((entry) => entry.name);
    const lines = (await planFor(engine, pending, state, true)).filter((line) => names.includes(line.migration));
    if (lines.length > 0) {
      engine.settings.onEvent({ type: 'plan', server: serverName((await engine.server()).version), lines });
    }
    return lines;
  } catch (error) {
    engine.settings.onEvent({ type: 'plan-unavailable', reason: (error as Error).message });
    return [];
  }
}

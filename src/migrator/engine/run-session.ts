import { failedChecks } from '../plan/data-checks.js';
import { DdlExecutor } from '../server/ddl-executor.js';
import { DdlSession } from '../server/ddl-session.js';
import { runOnlineChange, type OnlineChange } from '../server/online-change.js';
import { resumePoints } from '../state/migration-state.js';
import type { MigrationState, PlanLine } from '../types.js';
import type { EngineContext } from './engine-context.js';
import { runContext, type RunProgress } from './run-context.js';
import type { StatementRunner } from './statement-runner.js';

/**
 * A run's statements go through one session with short lock waits (server/ddl-session.ts), in
 * the run's context, built here once: the plan by migration, the resume points, data checks on
 * the live database, table copies through pt-online-schema-change, the recorder as listener.
 */
export async function withRunSession<T>(
  engine: EngineContext,
  runner: StatementRunner,
  method: 'up' | 'down',
  state: MigrationState,
  lines: PlanLine[],
  progress: RunProgress,
  work: () => Promise<T>,
): Promise<T> {
  const { settings, target, query } = engine;
  const session = await DdlSession.open(target, settings.ddlLockWaitSeconds);
  const context = runContext({
    method,
    executor: new DdlExecutor(session, settings),
    plan: Map.groupBy(lines, (line) => line.migration),
    resumeAt: method === 'up' ? resumePoints(state) : new Map(),
    phases: new Map(state.entries.map((entry) => [entry.name, entry.phase ?? 'expand'])),
    failedChecks: (planned) => failedChecks((sql) => query(sql), planned),
    checkedAtStart: method === 'up' ? lines[0]?.migration : undefined,
    onlineChange: (change) => onlineChange(engine, change),
    progress,
  });
  try {
    return await runner.within(context, work);
  } finally {
    await session.close();
  }
}

/** One table copy through pt-online-schema-change, reported as it goes (server/online-change.ts). */
async function onlineChange(engine: EngineContext, change: OnlineChange): Promise<void> {
  const { settings, query } = engine;
  const started = performance.now();
  const at = { migration: change.at.migration, statement: change.at.statement };
  const report = (stage: 'started' | 'output' | 'done', extra: { output?: string; durationMs?: number } = {}) =>
    settings.onEvent({ type: 'online-change', ...at, table: change.table, stage, ...extra });
  report('started');
  await runOnlineChange(engine.target, change, {
    onOutput: (output) => report('output', { output }),
    lockWaitSeconds: settings.ddlLockWaitSeconds,
    flavor: (await engine.server()).flavor,
    query,
  });
  report('done', { durationMs: Math.round(performance.now() - started) });
}

import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { failedChecks } from '../plan/data-checks.js';
import { DdlExecutor } from '../server/ddl-executor.js';
import { DdlSession } from '../server/ddl-session.js';
import { runOnlineChange, type OnlineChange } from '../server/online-change.js';
import type { MigratorSettings } from '../settings.js';
import type { PlanServer } from '../sql/ddl-algorithms.js';
import { resumePoints } from '../state/migration-state.js';
import type { LockTarget, MigrationState, PlanLine } from '../types.js';
import { runContext, type RunProgress } from './run-context.js';
import type { StatementRunner } from './statement-runner.js';

export interface SessionParts {
  target: LockTarget;
  settings: MigratorSettings;
  driver: AbstractSqlDriver;
  server: PlanServer;
  runner: StatementRunner;
}

/**
 * A run's statements go through one session with short lock waits (server/ddl-session.ts), in
 * the run's context, built here once: the plan by migration, the resume points, data checks on
 * the live database, table copies through pt-online-schema-change, the recorder as listener.
 */
export async function withRunSession<T>(
  parts: SessionParts,
  method: 'up' | 'down',
  state: MigrationState,
  lines: PlanLine[],
  progress: RunProgress,
  work: () => Promise<T>,
): Promise<T> {
  const session = await DdlSession.open(parts.target, parts.settings.ddlLockWaitSeconds);
  const context = runContext({
    method,
    executor: new DdlExecutor(session, parts.settings),
    plan: Map.groupBy(lines, (line) => line.migration),
    resumeAt: method === 'up' ? resumePoints(state) : new Map(),
    phases: new Map(state.entries.map((entry) => [entry.name, entry.phase ?? 'expand'])),
    failedChecks: (planned) => failedChecks((sql) => parts.driver.execute(sql), planned),
    checkedAtStart: method === 'up' ? lines[0]?.migration : undefined,
    onlineChange: (change) => onlineChange(parts, change),
    progress,
  });
  try {
    return await parts.runner.within(context, work);
  } finally {
    await session.close();
  }
}

/** One table copy through pt-online-schema-change, reported as it goes (server/online-change.ts). */
async function onlineChange(parts: SessionParts, change: OnlineChange): Promise<void> {
  const { settings, driver } = parts;
  const started = performance.now();
  const at = { migration: change.at.migration, statement: change.at.statement };
  const report = (stage: 'started' | 'output' | 'done', extra: { output?: string; durationMs?: number } = {}) =>
    settings.onEvent({ type: 'online-change', ...at, table: change.table, stage, ...extra });
  report('started');
  await runOnlineChange(parts.target, change, {
    onOutput: (output) => report('output', { output }),
    lockWaitSeconds: settings.ddlLockWaitSeconds,
    flavor: parts.server.flavor,
    query: (sql, params) => driver.execute(sql, params),
  });
  report('done', { durationMs: Math.round(performance.now() - started) });
}

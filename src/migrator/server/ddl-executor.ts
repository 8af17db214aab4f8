import { findBlockers } from './blockers.js';
import type { DdlSession } from './ddl-session.js';
import { DdlLockTimeoutError } from '../errors.js';
import { DEFAULT_BACKOFF, realClock, withLockRetry, type RetryClock } from './lock-retry.js';
import type { MigratorSettings } from '../settings.js';
import { tableOfDdl } from '../sql/sql-clauses.js';
import type { Blocker, MigrationPhase } from '../types.js';

export interface StatementPosition {
  migration: string;
  /** 1-based. */
  statement: number;
  statements: number;
  /** Which `up` carries a held-back migration on (a contract one: `up --contract`). */
  phase?: MigrationPhase;
}

/**
 * Runs a run's statements on its DDL session with short, retried lock waits; reports each
 * failed attempt with the blockers it found, ends them when told to (--kill-blockers), and
 * gives up with DdlLockTimeoutError when the budget is spent.
 */
export class DdlExecutor {
  constructor(
    private readonly session: DdlSession,
    private readonly settings: Pick<MigratorSettings, 'onEvent' | 'ddlRetryForSeconds' | 'killBlockers'>,
    private readonly clock: RetryClock = realClock,
  ) {}

  /** Session settings and framing (foreign_key_checks, …): no retry, they take no lock. */
  async plain(sql: string): Promise<void> {
    await this.session.query(sql);
  }

  async run(sql: string, at: StatementPosition): Promise<void> {
    const table = tableOfDdl(sql);
    let blockers: Blocker[] = [];
    await withLockRetry(
      () => this.session.query(sql),
      { budgetMs: this.settings.ddlRetryForSeconds * 1000, ...DEFAULT_BACKOFF },
      async (failed) => {
        let blockersUnknown: string | undefined;
        blockers = await findBlockers((query, params) => this.session.query(query, params), table).catch(
          (error: Error) => {
            // Typically no PROCESS privilege: the waits and retries go on without names.
            blockersUnknown = error.message;
            return [];
          },
        );
        this.settings.onEvent({ type: 'ddl-lock-wait', ...at, sql, table, ...failed, blockers, blockersUnknown });
        if (this.settings.killBlockers && failed.retryInMs !== null) {
          await this.kill(blockers);
        }
      },
      (attempts, elapsedMs) =>
        new DdlLockTimeoutError(
          at.migration,
          at.statement,
          at.statements,
          sql,
          attempts,
          elapsedMs,
          blockers,
          at.phase,
        ),
      this.clock,
    );
  }

  private async kill(blockers: Blocker[]): Promise<void> {
    for (const blocker of blockers) {
      try {
        await this.session.query(`kill connection ${Number(blocker.connectionId)}`);
      } catch (error) {
        // ER_NO_SUCH_THREAD: it ended by itself meanwhile.
        if ((error as { errno?: number }).errno !== 1094) {
          throw error;
        }
      }
      this.settings.onEvent({ type: 'blocker-killed', blocker });
    }
  }
}

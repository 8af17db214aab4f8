import { findBlockers, LockInfoPlugin } from './blockers.js';
import type { DdlSession } from './ddl-session.js';
import { DdlLockTimeoutError } from '../errors/index.js';
import { DEFAULT_BACKOFF, realClock, withLockRetry, type RetryClock } from './lock-retry.js';
import type { MigratorSettings } from '../settings.js';
import { tableOfDdl } from '../sql/sql-clauses.js';
import type { Blocker, MigrationPhase, PlanLine } from '../types.js';

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
 * gives up with DdlLockTimeoutError when the budget is spent. With a wait under a second, a
 * statement the plan pinned INSTANT waits in LOCK TABLES first (lock-first.ts); every other
 * statement waits the servers' floor, a second.
 */
export class DdlExecutor {
  /** Installed for --kill-blockers on a MariaDB without it: the exact holders, or the reason why not. */
  private readonly lockInfo: LockInfoPlugin | undefined;
  /** Connections --kill-blockers left alone, reported once each. */
  private readonly spared = new Set<number>();

  constructor(
    private readonly session: DdlSession,
    private readonly settings: Pick<MigratorSettings, 'onEvent' | 'ddlRetryForSeconds' | 'killBlockers'>,
    private readonly clock: RetryClock = realClock,
  ) {
    this.lockInfo = settings.killBlockers
      ? new LockInfoPlugin((outcome) => settings.onEvent({ type: 'lock-info-plugin', ...outcome }))
      : undefined;
  }

  /** Session settings and framing (foreign_key_checks, …): no retry, they take no lock. */
  async plain(sql: string): Promise<void> {
    await this.session.query(sql);
  }

  async run(sql: string, at: StatementPosition, line?: PlanLine): Promise<void> {
    const table = tableOfDdl(sql);
    let blockers: Blocker[] = [];
    const short = this.session.shortWaitMs !== null && lockFirstFits(line) ? line.table : null;
    await withLockRetry(
      async () => {
        await (short === null ? this.session.query(sql) : this.lockFirst(short, sql));
      },
      { budgetMs: this.settings.ddlRetryForSeconds * 1000, ...DEFAULT_BACKOFF },
      async (failed) => {
        let blockersUnknown: string | undefined;
        const query = <T>(sql: string, params?: unknown[]) => this.session.query<T>(sql, params);
        blockers = await findBlockers(query, table, 5, this.lockInfo).catch((error: Error) => {
          // Typically no PROCESS privilege: the waits and retries go on without names.
          blockersUnknown = error.message;
          return [];
        });
        this.settings.onEvent({ type: 'ddl-lock-wait', ...at, sql, table, ...failed, blockers, blockersUnknown });
        if (this.settings.killBlockers && failed.retryInMs !== null) {
          await this.kill(blockers, table);
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

  /** Without the right to LOCK TABLES, the statement runs plainly (its wait is then the server's second). */
  private async lockFirst(table: string, sql: string): Promise<void> {
    const outcome = await this.session.lockFirst(table, () => this.session.query(sql));
    if (!outcome.ran) {
      await this.session.query(sql);
    }
  }

  /** Ends the blockers something names as holding the table; open transactions nothing names are left. */
  private async kill(blockers: Blocker[], table: string | undefined): Promise<void> {
    for (const blocker of blockers) {
      if (blocker.source === 'open-transaction') {
        if (!this.spared.has(blocker.connectionId)) {
          this.spared.add(blocker.connectionId);
          this.settings.onEvent({ type: 'blocker-spared', blocker, table });
        }
        continue;
      }
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

/** An ALTER the plan pinned INSTANT on a table that exists: safe to hold under LOCK TABLES … WRITE. */
function lockFirstFits(line: PlanLine | undefined): line is PlanLine & { table: string } {
  return line?.kind === 'alter' && line.algorithm === 'INSTANT' && line.table !== null && !line.online;
}

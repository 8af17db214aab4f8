import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { eachWrittenSince, releaseLease, renewLease, takeOverExpiredLeases } from './name-index-leases.js';
import { reindexInChunks } from './reindex-names.js';

export interface NameIndexOptions {
  /** How often the process renews its lease and looks for expired ones. */
  beatMs: number;
  /** A lease not renewed for this long belongs to a process taken for dead. */
  leaseTtlSeconds: number;
  /** How long a search waits for this process's own recent writes to be indexed. */
  searchWaitMs: number;
}

export const NAME_INDEX_OPTIONS = Symbol('NameIndexOptions');

export const NAME_INDEX_DEFAULTS: NameIndexOptions = { beatMs: 2_000, leaseTtlSeconds: 15, searchWaitMs: 1_000 };

/** After a failed round (the database unreachable), the names wait this long before the next. */
const RETRY_MS = 1_000;

/** A write of a name in progress: what the search index must learn once it has committed. */
export interface NameWrite {
  /** The write committed: index the name of cooking `id` (`replace`: it had grams before). */
  committed(id: number, replace: boolean): void;
  /** The write is over, committed or not. */
  end(): void;
}

/**
 * Keeps the name search's grams (cooking_name_grams) after the write that changed a name has
 * committed, instead of inside it: the write is one statement, as without the search, and the
 * grams of many writes go in one transaction. docs/search.md, "Freshness", states the bounds:
 *
 * - a search through the same process waits (up to `searchWaitMs`) until the names it wrote are
 *   indexed, so a client reads its own writes;
 * - another process's search finds a name once its round has committed: a round starts as soon as
 *   the previous one ends, so that is one round's time (milliseconds) under normal load;
 * - if the process dies first, its lease expires after `leaseTtlSeconds`, and the next process to
 *   beat re-indexes every row written since the lease's `covered_before` (name-index-leases.ts).
 */
@Injectable()
export class NameIndexer implements OnApplicationBootstrap {
  readonly owner = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly options: NameIndexOptions;
  private readonly logger = new Logger('NameIndexer');
  /** Cooking id → whether its old grams must go. */
  private readonly pending = new Map<number, boolean>();
  /** Writes in progress: their `updated_at`, which bounds what the lease may promise. */
  private readonly inProgress = new Map<symbol, Date>();
  private roundsStarted = 0;
  private running = false;
  private waiters: { round: number; resolve: (indexed: boolean) => void }[] = [];
  private retryTimer?: NodeJS.Timeout;
  private beatTimer?: NodeJS.Timeout;
  private beating?: Promise<void>;

  constructor(
    private readonly em: EntityManager,
    @Optional() @Inject(NAME_INDEX_OPTIONS) options?: Partial<NameIndexOptions>,
  ) {
    this.options = { ...NAME_INDEX_DEFAULTS, ...options };
  }

  /** Tracks a write of a name whose `updated_at` is `at`, from before it runs until it ends. */
  begin(at: Date): NameWrite {
    const key = Symbol();
    this.inProgress.set(key, at);
    return {
      committed: (id, replace) => {
        this.pending.set(id, (this.pending.get(id) ?? false) || replace);
        this.kick();
      },
      end: () => this.inProgress.delete(key),
    };
  }

  /** Waits, up to `searchWaitMs`, until the names this process has written are searchable. */
  async caughtUp(): Promise<void> {
    if (this.pending.size === 0 && !this.running) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => (timer = setTimeout(done, this.options.searchWaitMs)));
    await Promise.race([this.indexed(), waited]);
    clearTimeout(timer);
  }

  /**
   * Resolves once every name committed before the call is indexed (true), or once a round that
   * held some of them failed (false).
   */
  indexed(): Promise<boolean> {
    if (this.pending.size === 0 && !this.running) {
      return Promise.resolve(true);
    }
    const round = this.pending.size > 0 ? this.roundsStarted + 1 : this.roundsStarted;
    return new Promise((resolve) => this.waiters.push({ round, resolve }));
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await renewLease(this.em.fork(), this.owner, new Date());
    } catch (error) {
      this.logger.warn(`could not take a search-index lease yet, will retry: ${message(error)}`);
    }
    this.beatTimer = setInterval(() => void this.beatOnce(), this.options.beatMs);
    this.beatTimer.unref();
  }

  /**
   * On a clean stop, once no request can write any more: index what is pending, then give the
   * lease up (a crash leaves it to expire). The app calls it as its HTTP server closes
   * (app.factory.ts), before the ORM's pool does.
   */
  async stop(): Promise<void> {
    clearInterval(this.beatTimer);
    await this.beating;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.kick();
    if (await this.indexed()) {
      await releaseLease(this.em.fork(), this.owner).catch((error: unknown) =>
        this.logger.warn(`could not give the search-index lease up: ${message(error)}`),
      );
    } else {
      this.logger.warn(
        `${this.pending.size} name(s) not indexed at shutdown; the lease expires and another process re-indexes them`,
      );
    }
  }

  /** One beat: recover expired leases, wait for this process's names, then renew the lease. */
  beatOnce(): Promise<void> {
    this.beating ??= this.beat()
      .catch((error: unknown) => this.logger.warn(`search-index beat failed: ${message(error)}`))
      .finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async beat(): Promise<void> {
    const coveredBefore = new Date(Math.min(Date.now(), ...[...this.inProgress.values()].map((at) => at.getTime())));
    const em = this.em.fork();
    const takenOver = await takeOverExpiredLeases(em, this.owner, this.options.leaseTtlSeconds, coveredBefore);
    if (takenOver) {
      const count = await eachWrittenSince(em, takenOver.since, (ids) => reindexInChunks(em, ids, true));
      this.logger.warn(
        `search index: re-indexed ${count} cooking(s) written since ${takenOver.since} UTC by stopped process(es) ${takenOver.owners.join(', ')}`,
      );
    }
    if (await this.indexed()) {
      await renewLease(em, this.owner, coveredBefore);
    }
  }

  private kick(): void {
    if (!this.running && this.retryTimer === undefined && this.pending.size > 0) {
      void this.run();
    }
  }

  /** Rounds back to back while names are pending; each takes every name pending when it starts. */
  private async run(): Promise<void> {
    this.running = true;
    while (this.pending.size > 0) {
      const round = ++this.roundsStarted;
      const batch = new Map(this.pending);
      this.pending.clear();
      const ok = await this.flush(batch);
      this.settle(round, ok);
      if (!ok) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, RETRY_MS);
        this.retryTimer.unref();
        break;
      }
    }
    this.running = false;
  }

  private async flush(batch: Map<number, boolean>): Promise<boolean> {
    const replaced = [...batch].filter(([, replace]) => replace).map(([id]) => id);
    const added = [...batch].filter(([, replace]) => !replace).map(([id]) => id);
    try {
      await reindexInChunks(this.em, replaced, true);
      await reindexInChunks(this.em, added, false);
      return true;
    } catch (error) {
      for (const [id, replace] of batch) {
        this.pending.set(id, (this.pending.get(id) ?? false) || replace);
      }
      this.logger.warn(`search index: ${batch.size} name(s) wait for the next round: ${message(error)}`);
      return false;
    }
  }

  private settle(round: number, indexed: boolean): void {
    const due = this.waiters.filter((waiter) => waiter.round <= round);
    this.waiters = this.waiters.filter((waiter) => waiter.round > round);
    for (const waiter of due) {
      waiter.resolve(indexed);
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

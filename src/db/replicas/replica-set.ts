import type { ReplicaConfig } from '../../config/replica-config.js';
import type { ServerFlavor } from '../server-probe.js';
import {
  checkReplica,
  isConnectionError,
  type Execute,
  type ReplicaReading,
  type SchemaNeed,
} from './replica-check.js';
import { gtidConsistency, type Consistency } from './replication-sql.js';

/** How one replica is checked (replica-check.ts for replication; cluster members have their own). */
export type CheckReplica = typeof checkReplica;

export interface ReplicaSetOptions {
  /** Each replica's check, by index; checkReplica for those not given. */
  checks?: readonly CheckReplica[];
  /** How tokens are issued and waited for; GTIDs of the flavor by default. */
  consistency?: Consistency;
}

/** What /health/ready says of one replica. */
export interface ReplicaReport extends ReplicaReading {
  /** host:port, never the credentials. */
  name: string;
  /** In the read set: reads may go there. */
  serving: boolean;
  /** When it was last read (ISO time); null before the first check. */
  checkedAt: string | null;
}

export interface ReplicaLog {
  warn(message: string): void;
  info(message: string): void;
}

type Settings = Pick<ReplicaConfig, 'maxLagSeconds' | 'tokenWaitMs' | 'checkIntervalMs'>;

const NOT_CHECKED: ReplicaReading = { up: false, lagSeconds: null, schemaHead: null, problem: 'not checked yet' };

/**
 * The API's read replicas and what it knows of each: up, lag, schema head. A replica serves
 * reads only while its last check found it replicating, within REPLICA_MAX_LAG_SECONDS, and
 * holding every migration this build needs; a read that fails on it for a reason the primary
 * can answer marks it down at once (the driver retries that read on the primary). It comes back
 * by itself at the first check that finds it well.
 */
export class ReplicaSet {
  readonly #readings: ReplicaReading[];
  readonly #checkedAt: (Date | null)[];
  #serving: number[] = [];
  #replicas: Execute[] = [];
  #primary?: Execute;
  #need?: SchemaNeed;
  #timer?: NodeJS.Timeout;
  #checking?: Promise<void>;
  #warnedNoPosition = false;

  constructor(
    readonly names: readonly string[],
    readonly flavor: ServerFlavor,
    private readonly settings: Settings,
    private readonly log: ReplicaLog,
    private readonly options: ReplicaSetOptions = {},
  ) {
    this.#readings = names.map(() => NOT_CHECKED);
    this.#checkedAt = names.map(() => null);
  }

  /** The read replicas DATABASE_REPLICA_URLS lists; undefined when it lists none. */
  static of(config: ReplicaConfig, flavor: ServerFlavor, log: ReplicaLog): ReplicaSet | undefined {
    const { targets, ...settings } = config;
    return targets.length === 0
      ? undefined
      : new ReplicaSet(
          targets.map((target) => `${target.host}:${target.port}`),
          flavor,
          settings,
          log,
        );
  }

  /** The connections to read through, in the order of `names` (the driver, once connected). */
  attach(replicas: Execute[], primary: Execute): void {
    this.#replicas = replicas;
    this.#primary = primary;
  }

  /** The migrations this build needs: a replica without every one of them serves no reads. */
  expectSchema(need: SchemaNeed): Promise<void> {
    this.#need = need;
    return this.checkAll();
  }

  /** Checks every REPLICA_CHECK_INTERVAL_MS until stopped (the driver stops it when the ORM closes). */
  start(): void {
    this.#timer ??= setInterval(() => void this.checkAll(), this.settings.checkIntervalMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#checking;
  }

  /** A replica to read from (its index), or -1 for the primary. */
  pick(): number {
    const serving = this.#serving;
    if (serving.length === 0) {
      return -1;
    }
    return serving.length === 1 ? serving[0] : serving[Math.floor(Math.random() * serving.length)];
  }

  /** How this set's tokens are issued and waited for. */
  get consistency(): Consistency {
    return this.options.consistency ?? gtidConsistency(this.flavor);
  }

  isServing(index: number): boolean {
    return this.#serving.includes(index);
  }

  /** Takes a replica out of the read set after a read failed on it; the next check may bring it back. */
  markDown(index: number, error: unknown): void {
    const up = !isConnectionError(error);
    const problem = `read failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    this.record(index, { ...this.#readings[index], up, problem });
  }

  /**
   * Which replica has applied `position`, waiting REPLICA_TOKEN_WAIT_MS at most on one of them;
   * -1 when none did in time (the read goes to the primary).
   */
  async waitFor(position: string): Promise<number> {
    const index = this.pick();
    if (index < 0) {
      return -1;
    }
    try {
      const applied = await this.consistency.applied(this.#replicas[index], position, this.settings.tokenWaitMs);
      return applied ? index : -1;
    } catch (error) {
      if (isConnectionError(error)) {
        this.markDown(index, error);
      }
      return -1;
    }
  }

  /** The primary's position now: the token of a write that has committed; undefined without GTIDs. */
  async primaryPosition(): Promise<string | undefined> {
    const [row] = (await this.#primary?.(this.consistency.positionSql)) ?? [];
    const position = typeof row?.position === 'string' ? row.position.trim() : '';
    if (position === '' && !this.#warnedNoPosition) {
      this.#warnedNoPosition = true;
      this.log.warn(
        'writes carry no consistency token: the primary reports no GTID position ' +
          (this.flavor === 'mysql' ? '(gtid_mode=ON is needed)' : '(log_bin is needed)'),
      );
    }
    return position === '' ? undefined : position;
  }

  report(): ReplicaReport[] {
    return this.names.map((name, index) => ({
      name,
      ...this.#readings[index],
      serving: this.isServing(index),
      checkedAt: this.#checkedAt[index]?.toISOString() ?? null,
    }));
  }

  /** One check of every replica; a check still running is joined, not doubled. */
  checkAll(): Promise<void> {
    this.#checking ??= Promise.all(
      this.#replicas.map(async (execute, index) => {
        const check = this.options.checks?.[index] ?? checkReplica;
        const reading = await check(execute, this.settings.maxLagSeconds, this.#need);
        this.#checkedAt[index] = new Date();
        this.record(index, reading);
      }),
    ).then(
      () => {
        this.#checking = undefined;
      },
      () => {
        this.#checking = undefined;
      },
    );
    return this.#checking;
  }

  private record(index: number, reading: ReplicaReading): void {
    const was = this.isServing(index);
    const first = this.#readings[index] === NOT_CHECKED;
    this.#readings[index] = reading;
    const now = reading.problem === undefined;
    if (first && !now && reading.problem !== NOT_CHECKED.problem) {
      // A replica that never joins would otherwise show only in readiness.
      this.log.warn(`replica ${this.names[index]} is not in the read set: ${reading.problem}`);
    }
    if (was === now) {
      return;
    }
    this.#serving = this.names.map((_, i) => i).filter((i) => (i === index ? now : this.#serving.includes(i)));
    if (now) {
      this.log.info(`replica ${this.names[index]} is in the read set (lag ${reading.lagSeconds ?? '?'} s)`);
    } else {
      this.log.warn(`replica ${this.names[index]} left the read set: ${reading.problem}; its reads go elsewhere`);
    }
  }
}

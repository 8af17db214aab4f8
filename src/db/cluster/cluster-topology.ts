import type { HostPort } from '../../config/database-url.js';
import type { ClusterKind, NodeView } from './cluster-sql.js';
import type { ProbeNode } from './node-probes.js';

/** Asks members for their view; closed with the topology. */
export interface NodeProber {
  probe: ProbeNode;
  close(): Promise<void>;
}

/** What /health/ready says of one member. */
export interface MemberReport {
  /** host:port, never the credentials. */
  name: string;
  /** It answered its last check. */
  up: boolean;
  /** PRIMARY / SECONDARY on Group Replication; null on Galera (every synced node may take writes). */
  role: 'PRIMARY' | 'SECONDARY' | null;
  /** As the cluster says it (ONLINE, RECOVERING, Synced, Joined, …), or why it could not be read. */
  state: string;
  /** The API's writes go there now. */
  takesWrites: boolean;
  checkedAt: string | null;
}

export interface ClusterReport {
  kind: ClusterKind;
  /** host:port of the member taking the writes; null while none is known (writes answer 503). */
  writer: string | null;
  members: MemberReport[];
}

export interface ClusterLog {
  warn(message: string): void;
  info(message: string): void;
}

interface Known {
  node: HostPort;
  view?: NodeView;
  problem?: string;
  checkedAt?: Date;
}

/** While no member takes writes, look again this often, whatever the check interval. */
const SEARCH_INTERVAL_MS = 250;

export const nameOf = (node: HostPort) => `${node.host}:${node.port}`;

/**
 * The API's picture of its cluster: every member, what each said at its last check, and which
 * one takes the writes. Every member is asked directly (never one member about the others), so
 * a dead primary that the survivors still list until they expel it never looks writable.
 *
 * - Group Replication: writes go to the member that is ONLINE, PRIMARY and not super_read_only.
 *   The current writer keeps the writes while it stays so; another is chosen only when it stops.
 * - Galera: writes go to one node at a time, the first of the URL's order that is synced in the
 *   primary component: one writer means no certification conflicts between the API's own writes,
 *   and the order means a node that comes back takes the writes again once it has caught up.
 *
 * Members the cluster reports that the URL did not list are added after the URL's hosts.
 * Nothing here decides by time: a write that fails for a reason saying the writer is gone or
 * read-only (`writerFailed`) drops the writer at once, and the next check finds the new one.
 */
export class ClusterTopology {
  readonly #known: Known[];
  #writer?: string;
  #timer?: NodeJS.Timeout;
  #checking?: Promise<void>;
  #stopped = false;
  /** The first check's choice is not news: the app says where writes go once its logger runs. */
  #announced = false;

  constructor(
    readonly kind: ClusterKind,
    seeds: readonly HostPort[],
    private readonly prober: NodeProber,
    private readonly checkIntervalMs: number,
    private readonly log: ClusterLog,
  ) {
    this.#known = seeds.map((node) => ({ node }));
  }

  /** Where writes go now; undefined while no member takes them. */
  get writer(): HostPort | undefined {
    return this.#known.find((known) => nameOf(known.node) === this.#writer)?.node;
  }

  /** Every member known, in order: the URL's hosts, then those the cluster reported. */
  get members(): HostPort[] {
    return this.#known.map((known) => known.node);
  }

  isWriter(name: string): boolean {
    return this.#writer === name;
  }

  /** The member's last view (undefined before its first answer, or while it does not answer). */
  viewOf(name: string): { view?: NodeView; problem?: string } {
    const known = this.#known.find((entry) => nameOf(entry.node) === name);
    return { view: known?.view, problem: known?.problem };
  }

  /** A write on `node` failed in a way that says it is gone or read-only: stop sending writes there. */
  writerFailed(node: HostPort, error: unknown): void {
    if (this.#writer !== nameOf(node)) {
      return;
    }
    this.#writer = undefined;
    this.log.warn(`${nameOf(node)} stopped taking writes (${reasonOf(error)}); looking for the member that takes them`);
    void this.check();
  }

  /** Checks on a timer until stopped, faster while no member takes writes. */
  start(): void {
    this.#stopped = false;
    const next = () => {
      if (this.#stopped) {
        return;
      }
      const delay = this.#writer === undefined ? SEARCH_INTERVAL_MS : this.checkIntervalMs;
      this.#timer = setTimeout(() => void this.check().finally(next), delay).unref();
    };
    next();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#checking;
    await this.prober.close();
  }

  /** One check of every member; a check still running is joined, not doubled. */
  check(): Promise<void> {
    this.#checking ??= this.checkAll().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  report(): ClusterReport {
    return {
      kind: this.kind,
      writer: this.#writer ?? null,
      members: this.#known.map((known) => ({
        name: nameOf(known.node),
        up: known.view !== undefined,
        role: known.view?.role ?? null,
        state: known.view?.state ?? known.problem ?? 'not checked yet',
        takesWrites: this.#writer === nameOf(known.node),
        checkedAt: known.checkedAt?.toISOString() ?? null,
      })),
    };
  }

  private async checkAll(): Promise<void> {
    await Promise.all(this.#known.map((known) => this.checkOne(known)));
    this.learnMembers();
    this.choose();
  }

  private async checkOne(known: Known): Promise<void> {
    try {
      known.view = await this.prober.probe(known.node);
      known.problem = undefined;
    } catch (error) {
      known.view = undefined;
      known.problem = `down: ${reasonOf(error)}`;
    }
    known.checkedAt = new Date();
  }

  /** Members the cluster reports that are not known yet join the list (after the URL's own). */
  private learnMembers(): void {
    const names = new Set(this.#known.map((known) => nameOf(known.node)));
    for (const known of [...this.#known]) {
      for (const member of known.view?.members ?? []) {
        const node = { host: member.host, port: member.port };
        if (!names.has(nameOf(node))) {
          names.add(nameOf(node));
          this.#known.push({ node });
          if (this.#announced) {
            this.log.info(`${known.view?.kind} member ${nameOf(node)} found (reported by ${nameOf(known.node)})`);
          }
        }
      }
    }
  }

  private choose(): void {
    const writable = this.#known.filter((known) => known.view?.writable).map((known) => nameOf(known.node));
    const keep = this.kind === 'group-replication' && this.#writer !== undefined && writable.includes(this.#writer);
    const next = keep ? this.#writer : writable[0];
    if (next === this.#writer) {
      return;
    }
    const was = this.#writer;
    this.#writer = next;
    if (!this.#announced) {
      this.#announced = true;
      return;
    }
    if (next === undefined) {
      this.log.warn(`no member takes writes (was ${was}); writes answer 503 until one does`);
    } else {
      this.log.info(`${next} takes the writes${was ? ` (was ${was})` : ''}`);
    }
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0] : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

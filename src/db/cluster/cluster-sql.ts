import type { HostPort } from '../../config/database-url.js';
import { DatabaseConnectError } from '../database-connect.error.js';

/** The two HA clusters of the MySQL family this project follows (docs/clusters.md). */
export type ClusterKind = 'group-replication' | 'galera';

/** What one node says of itself, and of the members it sees. */
export interface NodeView {
  /** undefined: a server on its own (or a member of neither kind). */
  kind?: ClusterKind;
  /** It accepts writes now: Group Replication's ONLINE primary with super_read_only off; a synced Galera node of the primary component. */
  writable: boolean;
  /** Its own state, as the cluster words it (ONLINE, RECOVERING, Synced, Donor/Desynced, …). */
  state: string;
  /** PRIMARY or SECONDARY (Group Replication); undefined on Galera, where every synced node takes writes. */
  role?: 'PRIMARY' | 'SECONDARY';
  /** The members it reports with their address for clients (Group Replication: MEMBER_HOST:MEMBER_PORT; Galera: wsrep_incoming_addresses). */
  members: MemberAddress[];
}

export interface MemberAddress extends HostPort {
  state?: string;
  role?: 'PRIMARY' | 'SECONDARY';
}

export type Row = Record<string, unknown>;
export type Ask = (sql: string) => Promise<Row[]>;

/** Group Replication's view of the group, from any member; the member answering is `self`. */
export const GROUP_MEMBERS_SQL =
  'SELECT MEMBER_HOST AS host, MEMBER_PORT AS port, MEMBER_STATE AS state, MEMBER_ROLE AS role, ' +
  'MEMBER_ID = @@server_uuid AS self, @@super_read_only AS superReadOnly ' +
  'FROM performance_schema.replication_group_members';

/** Galera's state of this node; empty on a server without wsrep. */
export const GALERA_STATUS_SQL =
  'SHOW GLOBAL STATUS WHERE Variable_name IN ' +
  "('wsrep_ready', 'wsrep_cluster_status', 'wsrep_local_state_comment', 'wsrep_incoming_addresses', 'wsrep_cluster_size')";

export const WSREP_ON_SQL = "SHOW GLOBAL VARIABLES LIKE 'wsrep_on'";

/**
 * A node's view, asked on its own connection. The kind comes from the server, never from
 * configuration: MySQL lists group members only while the group_replication plugin runs;
 * MariaDB says wsrep_on. A MySQL without performance_schema (or without the right to read
 * replication_group_members) is taken for a server on its own.
 */
export async function viewOf(ask: Ask, flavor: 'mysql' | 'mariadb'): Promise<NodeView> {
  if (flavor === 'mysql') {
    return groupView(await ask(GROUP_MEMBERS_SQL).catch((error: unknown) => membersRefused(ask, error)));
  }
  const [on] = await ask(WSREP_ON_SQL).catch(answeredNothing);
  if (text(on?.Value).toUpperCase() !== 'ON') {
    return { writable: true, state: 'standalone', members: [] };
  }
  return galeraView(await ask(GALERA_STATUS_SQL));
}

/**
 * A statement the server refused (no such table, no right to read it) answers nothing; an error
 * without an SQL state is the connection's, and the node counts as gone.
 */
function answeredNothing(error: unknown): Row[] {
  if (typeof (error as { sqlState?: unknown } | null)?.sqlState === 'string') {
    return [];
  }
  throw error;
}

/**
 * A user without SELECT on performance_schema.replication_group_members cannot see the group:
 * without the grant a Group Replication member would pass for a server on its own, and the API
 * would never follow its primary. Its group name is a variable anyone may read, so such a member
 * is refused by name; a server without the plugin has no such variable and is one on its own.
 */
async function membersRefused(ask: Ask, error: unknown): Promise<Row[]> {
  answeredNothing(error);
  const [group] = await ask('SELECT @@GLOBAL.group_replication_group_name AS name').catch(answeredNothing);
  if (typeof group?.name === 'string' && group.name !== '') {
    throw new GroupNotReadableError(group.name);
  }
  return [];
}

/** A Group Replication member whose group the user may not read (see membersRefused). */
export class GroupNotReadableError extends DatabaseConnectError {
  constructor(group: string) {
    super(
      `the server is a member of Group Replication group ${group}, but the user may not read its members: ` +
        'GRANT SELECT ON performance_schema.replication_group_members, performance_schema.replication_group_member_stats ' +
        'and performance_schema.replication_applier_status_by_worker to the app and migrator users (docs/clusters.md)',
    );
    this.name = 'GroupNotReadableError';
  }
}

/** The group as one member reports it (rows of GROUP_MEMBERS_SQL). */
export function groupView(rows: readonly Row[]): NodeView {
  const self = rows.find((row) => Number(row.self) === 1);
  if (!self || rows.every((row) => !row.host)) {
    // The plugin is loaded but this server is in no group (OFFLINE, no address), or not loaded.
    return self
      ? { kind: 'group-replication', writable: false, state: String(self.state), members: [] }
      : { writable: true, state: 'standalone', members: [] };
  }
  const role = roleOf(self.role);
  const state = String(self.state);
  // A primary cut off from most of its group still says PRIMARY, but its commits wait for a
  // majority that never answers: only a primary that sees a majority ONLINE takes writes.
  const online = rows.filter((row) => row.state === 'ONLINE').length;
  return {
    kind: 'group-replication',
    role,
    state,
    writable: state === 'ONLINE' && role === 'PRIMARY' && Number(self.superReadOnly) === 0 && online * 2 > rows.length,
    members: rows
      .filter((row) => row.host)
      .map((row) => ({
        host: String(row.host),
        port: Number(row.port),
        state: String(row.state),
        role: roleOf(row.role),
      })),
  };
}

/** A Galera node's state (rows of GALERA_STATUS_SQL). */
export function galeraView(rows: readonly Row[]): NodeView {
  const status = new Map(rows.map((row) => [text(row.Variable_name).toLowerCase(), text(row.Value)]));
  const state = status.get('wsrep_local_state_comment') ?? 'unknown';
  const primary = status.get('wsrep_cluster_status') === 'Primary';
  return {
    kind: 'galera',
    state: primary ? state : `${state} (${status.get('wsrep_cluster_status') ?? 'no'} component)`,
    writable: primary && state === 'Synced' && status.get('wsrep_ready') === 'ON',
    members: parseAddresses(status.get('wsrep_incoming_addresses') ?? ''),
  };
}

/** wsrep_incoming_addresses: `host:port,host:port`, an IPv6 address in brackets; AUTO or unset entries are skipped. */
export function parseAddresses(text: string): MemberAddress[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .map((entry) => /^\[?([^\]]+?)\]?:(\d+)$/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[2]) > 0)
    .map((match) => ({ host: match[1], port: Number(match[2]) }));
}

/** A status or variable value as text (the servers answer strings; a missing one is empty). */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function roleOf(value: unknown): 'PRIMARY' | 'SECONDARY' | undefined {
  return value === 'PRIMARY' || value === 'SECONDARY' ? value : undefined;
}

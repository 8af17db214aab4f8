import type { ClusterKind } from '../types.js';

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** What the server the engine's session is on says of its cluster. */
export interface ClusterSession {
  kind: ClusterKind;
  /** This member takes writes now (Group Replication's primary, a synced Galera node of the primary component). */
  writable: boolean;
  /** Its state as the cluster words it (ONLINE, RECOVERING, Synced, …) and role (PRIMARY, SECONDARY). */
  state: string;
  role?: string;
  /** The server's identity, unique per member and start: Group Replication's server_uuid, Galera's gcomm UUID. */
  server: string;
}

/**
 * Asks the session's server whether it is a member of a cluster, and which: MySQL lists group
 * members only while Group Replication runs; MariaDB says wsrep_on. Undefined on a server of
 * its own (or when the catalogue cannot be read: the engine then behaves as on one server).
 */
export async function clusterSessionOf(query: Query): Promise<ClusterSession | undefined> {
  const [wsrep] = await query("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'");
  if (text(wsrep?.Value).toUpperCase() === 'ON') {
    return galera(query);
  }
  const members = await query(
    'SELECT MEMBER_ID AS id, MEMBER_STATE AS state, MEMBER_ROLE AS role, @@super_read_only AS superReadOnly ' +
      'FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid AND MEMBER_HOST <> ""',
  ).catch(refusedIsEmpty);
  const self = members[0];
  // OFFLINE: the plugin is loaded but the server is in no group.
  if (!self || self.state === 'OFFLINE') {
    return undefined;
  }
  const state = String(self.state);
  const role = String(self.role);
  return {
    kind: 'group-replication',
    writable: state === 'ONLINE' && role === 'PRIMARY' && Number(self.superReadOnly) === 0,
    state,
    role,
    server: String(self.id),
  };
}

async function galera(query: Query): Promise<ClusterSession> {
  const rows = await query(
    'SHOW GLOBAL STATUS WHERE Variable_name IN ' +
      "('wsrep_ready', 'wsrep_cluster_status', 'wsrep_local_state_comment', 'wsrep_gcomm_uuid')",
  );
  const status = new Map(rows.map((row) => [text(row.Variable_name).toLowerCase(), text(row.Value)]));
  const state = status.get('wsrep_local_state_comment') ?? 'unknown';
  const primary = status.get('wsrep_cluster_status') === 'Primary';
  return {
    kind: 'galera',
    writable: primary && state === 'Synced' && status.get('wsrep_ready') === 'ON',
    state: primary ? state : `${state} (${status.get('wsrep_cluster_status') ?? 'no'} component)`,
    server: status.get('wsrep_gcomm_uuid') ?? '',
  };
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** No right to read performance_schema (or no such table): taken for a server of its own. */
function refusedIsEmpty(error: unknown): Record<string, unknown>[] {
  if (typeof (error as { sqlState?: unknown } | null)?.sqlState === 'string') {
    return [];
  }
  throw error;
}

import { GroupNotReadableError, galeraView, groupView, parseAddresses, viewOf } from './cluster-sql.js';

const member = (port: number, state: string, role: string, self = 0, superReadOnly = 1) => ({
  host: '10.0.0.1',
  port,
  state,
  role,
  self,
  superReadOnly,
});

describe('what a node says of its cluster', () => {
  it('Group Replication: the ONLINE primary with super_read_only off takes writes; a secondary does not', () => {
    const rows = [
      member(3306, 'ONLINE', 'PRIMARY', 1, 0),
      member(3307, 'ONLINE', 'SECONDARY'),
      member(3308, 'RECOVERING', 'SECONDARY'),
    ];
    expect(groupView(rows)).toEqual({
      kind: 'group-replication',
      role: 'PRIMARY',
      state: 'ONLINE',
      writable: true,
      members: [
        { host: '10.0.0.1', port: 3306, state: 'ONLINE', role: 'PRIMARY' },
        { host: '10.0.0.1', port: 3307, state: 'ONLINE', role: 'SECONDARY' },
        { host: '10.0.0.1', port: 3308, state: 'RECOVERING', role: 'SECONDARY' },
      ],
    });
    const secondary = [member(3306, 'ONLINE', 'PRIMARY'), member(3307, 'ONLINE', 'SECONDARY', 1, 1)];
    expect(groupView(secondary)).toMatchObject({ role: 'SECONDARY', writable: false });
  });

  it('Group Replication: a primary that sees no majority ONLINE, or still has super_read_only on, takes no writes', () => {
    const cutOff = [
      member(3306, 'ONLINE', 'PRIMARY', 1, 0),
      member(3307, 'UNREACHABLE', 'SECONDARY'),
      member(3308, 'UNREACHABLE', 'SECONDARY'),
    ];
    expect(groupView(cutOff).writable).toBe(false);
    const electing = [member(3307, 'ONLINE', 'PRIMARY', 1, 1), member(3308, 'ONLINE', 'SECONDARY')];
    expect(groupView(electing).writable).toBe(false);
  });

  it('Group Replication: the plugin loaded but in no group is a member that takes nothing; no rows is a server on its own', () => {
    expect(groupView([{ host: '', port: 0, state: 'OFFLINE', role: '', self: 1, superReadOnly: 0 }])).toEqual({
      kind: 'group-replication',
      writable: false,
      state: 'OFFLINE',
      members: [],
    });
    expect(groupView([])).toEqual({ writable: true, state: 'standalone', members: [] });
  });

  it('Galera: a synced node of the primary component takes writes; a donor or a non-primary node does not', () => {
    const status = (comment: string, cluster = 'Primary', ready = 'ON') => [
      { Variable_name: 'wsrep_ready', Value: ready },
      { Variable_name: 'wsrep_cluster_status', Value: cluster },
      { Variable_name: 'wsrep_local_state_comment', Value: comment },
      { Variable_name: 'wsrep_incoming_addresses', Value: '10.0.0.1:3306,10.0.0.2:3306,AUTO' },
    ];
    expect(galeraView(status('Synced'))).toEqual({
      kind: 'galera',
      state: 'Synced',
      writable: true,
      members: [
        { host: '10.0.0.1', port: 3306 },
        { host: '10.0.0.2', port: 3306 },
      ],
    });
    expect(galeraView(status('Donor/Desynced'))).toMatchObject({ writable: false, state: 'Donor/Desynced' });
    expect(galeraView(status('Synced', 'non-Primary', 'OFF'))).toMatchObject({
      writable: false,
      state: 'Synced (non-Primary component)',
    });
  });

  it('wsrep_incoming_addresses: IPv6 in brackets, AUTO and empty entries skipped', () => {
    expect(parseAddresses('[fd00::1]:3306, db-2:3307,AUTO,,x:0')).toEqual([
      { host: 'fd00::1', port: 3306 },
      { host: 'db-2', port: 3307 },
    ]);
  });

  it('asks the flavor’s own question; a refused statement means no cluster, a lost connection is thrown', async () => {
    const refused = Object.assign(new Error("Table 'replication_group_members' doesn't exist"), { sqlState: '42S02' });
    await expect(viewOf(() => Promise.reject(refused), 'mysql')).resolves.toEqual({
      writable: true,
      state: 'standalone',
      members: [],
    });
    const lost = Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' });
    await expect(viewOf(() => Promise.reject(lost), 'mysql')).rejects.toBe(lost);
    const asked: string[] = [];
    const off = await viewOf((sql) => {
      asked.push(sql);
      return Promise.resolve([{ Variable_name: 'wsrep_on', Value: 'OFF' }]);
    }, 'mariadb');
    expect(off).toEqual({ writable: true, state: 'standalone', members: [] });
    expect(asked).toEqual(["SHOW GLOBAL VARIABLES LIKE 'wsrep_on'"]);
  });

  it('a Group Replication member whose members the user may not read is refused by its group name, never taken for a lone server', async () => {
    const denied = Object.assign(new Error('SELECT command denied'), { sqlState: '42000', errno: 1142 });
    const unknown = Object.assign(new Error("Unknown system variable 'group_replication_group_name'"), {
      sqlState: 'HY000',
      errno: 1193,
    });
    const member = (sql: string) =>
      sql.includes('replication_group_members')
        ? Promise.reject(denied)
        : Promise.resolve([{ name: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }]);
    await expect(viewOf(member, 'mysql')).rejects.toThrow(GroupNotReadableError);
    await expect(viewOf(member, 'mysql')).rejects.toThrow(
      /group aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, but the user may not read its members: GRANT SELECT ON performance_schema\.replication_group_members/,
    );
    const lone = (sql: string) => Promise.reject(sql.includes('replication_group_members') ? denied : unknown);
    await expect(viewOf(lone, 'mysql')).resolves.toEqual({ writable: true, state: 'standalone', members: [] });
  });
});

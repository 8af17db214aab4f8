import type { HostPort } from '../../config/database-url.js';
import type { NodeView } from './cluster-sql.js';
import { ClusterTopology } from './cluster-topology.js';

const A = { host: 'a', port: 3306 };
const B = { host: 'b', port: 3306 };
const C = { host: 'c', port: 3306 };

/** Each node's answer, changed by the test between checks; an Error means the node is gone. */
function cluster(kind: 'group-replication' | 'galera', answers: Map<string, NodeView | Error>) {
  const lines: string[] = [];
  const log = {
    warn: (line: string) => lines.push(`warn ${line}`),
    info: (line: string) => lines.push(`info ${line}`),
  };
  const probe = (node: HostPort) => {
    const answer = answers.get(node.host);
    return answer instanceof Error || answer === undefined
      ? Promise.reject(answer ?? new Error('unknown node'))
      : Promise.resolve(answer);
  };
  const topology = new ClusterTopology(kind, [A, B], { probe, close: () => Promise.resolve() }, 1_000, log);
  return { topology, lines };
}

const gone = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const members = [
  { ...A, state: 'ONLINE' },
  { ...B, state: 'ONLINE' },
  { ...C, state: 'ONLINE' },
];
const gr = (role: 'PRIMARY' | 'SECONDARY', writable = role === 'PRIMARY'): NodeView => ({
  kind: 'group-replication',
  role,
  state: 'ONLINE',
  writable,
  members,
});
const galera = (writable: boolean, state = writable ? 'Synced' : 'Joined'): NodeView => ({
  kind: 'galera',
  state,
  writable,
  members: [A, B, C],
});

describe('ClusterTopology', () => {
  it('Group Replication: finds members the URL did not list, writes on the primary, and follows a new one', async () => {
    const answers = new Map<string, NodeView | Error>([
      ['a', gr('PRIMARY')],
      ['b', gr('SECONDARY')],
      ['c', gr('SECONDARY')],
    ]);
    const { topology, lines } = cluster('group-replication', answers);
    await topology.check();
    expect(topology.members).toEqual([A, B, C]);
    expect(topology.writer).toEqual(A);
    answers.set('a', gone());
    answers.set('c', gr('PRIMARY'));
    topology.writerFailed(A, gone());
    expect(topology.writer).toBeUndefined();
    await topology.check();
    expect(topology.writer).toEqual(C);
    expect(topology.report()).toMatchObject({
      kind: 'group-replication',
      writer: 'c:3306',
      members: [
        {
          name: 'a:3306',
          up: false,
          role: null,
          state: 'down: connect ECONNREFUSED',
          takesWrites: false,
        },
        { name: 'b:3306', up: true, role: 'SECONDARY', state: 'ONLINE', takesWrites: false },
        { name: 'c:3306', up: true, role: 'PRIMARY', state: 'ONLINE', takesWrites: true },
      ],
    });
    expect(lines).toContain(
      'warn a:3306 stopped taking writes (connect ECONNREFUSED); looking for the member that takes them',
    );
    expect(lines).toContain('info c:3306 takes the writes');
  });

  it('Group Replication: a primary the survivors still list but that does not answer takes no writes', async () => {
    const answers = new Map<string, NodeView | Error>([
      ['a', gone()],
      ['b', gr('SECONDARY')],
      ['c', gr('SECONDARY')],
    ]);
    const { topology } = cluster('group-replication', answers);
    await topology.check();
    expect(topology.writer).toBeUndefined();
    expect(topology.report().writer).toBeNull();
  });

  it('Galera: one writer at a time, the first synced in order; it moves back once the first node is synced again', async () => {
    const answers = new Map<string, NodeView | Error>([
      ['a', galera(true)],
      ['b', galera(true)],
      ['c', galera(true)],
    ]);
    const { topology } = cluster('galera', answers);
    await topology.check();
    expect(topology.writer).toEqual(A);
    answers.set('a', gone());
    await topology.check();
    expect(topology.writer).toEqual(B);
    answers.set('a', galera(false, 'Joined'));
    await topology.check();
    expect(topology.writer).toEqual(B);
    answers.set('a', galera(true));
    await topology.check();
    expect(topology.writer).toEqual(A);
  });

  it('ignores a failure reported for a member that no longer takes the writes', async () => {
    const answers = new Map<string, NodeView | Error>([
      ['a', galera(true)],
      ['b', galera(true)],
    ]);
    const { topology } = cluster('galera', answers);
    await topology.check();
    topology.writerFailed(B, gone());
    expect(topology.writer).toEqual(A);
  });
});

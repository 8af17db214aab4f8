import type { Execute } from './replica-check.js';
import { ReplicaSet } from './replica-set.js';

/** A replica's answers, changed by the test between checks. */
function fakeReplica(state: { lag: number | null; down?: boolean; migrations: string[]; waited?: number }): Execute {
  return (sql) => {
    if (state.down) {
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    }
    if (sql === 'SHOW REPLICA STATUS') {
      return Promise.resolve([
        { Replica_IO_Running: 'Yes', Replica_SQL_Running: 'Yes', Seconds_Behind_Source: state.lag },
      ]);
    }
    if (sql.startsWith('SELECT name FROM')) {
      return Promise.resolve(state.migrations.map((name) => ({ name })));
    }
    return Promise.resolve([{ waited: state.waited ?? 0 }]);
  };
}

describe('ReplicaSet', () => {
  const warnings: string[] = [];
  const log = { warn: (line: string) => warnings.push(line), info: () => undefined };
  const settings = { maxLagSeconds: 5, tokenWaitMs: 50, checkIntervalMs: 1_000 };
  const need = { table: 'mikro_orm_migrations', migrations: ['M1', 'M2'] };

  function replicaSet(...states: Parameters<typeof fakeReplica>[0][]) {
    const set = new ReplicaSet(
      states.map((_, index) => `replica-${index + 1}:3306`),
      'mysql',
      settings,
      log,
    );
    set.attach(states.map(fakeReplica), () => Promise.resolve([{ position: 'uuid:1-5' }]));
    return set;
  }

  it('serves no reads before the schema is known, then only from replicas that are well', async () => {
    const good = { lag: 0, migrations: ['M1', 'M2'] };
    const lagging = { lag: 9, migrations: ['M1', 'M2'] };
    const behind = { lag: 0, migrations: ['M1'] };
    const set = replicaSet(good, lagging, behind);
    expect(set.pick()).toBe(-1);
    await set.expectSchema(need);
    expect([set.pick(), set.pick(), set.pick()]).toEqual([0, 0, 0]);
    const [first, second, third] = set.report();
    expect(first).toMatchObject({ serving: true, lagSeconds: 0, schemaHead: 'M2', problem: undefined });
    expect(second).toMatchObject({ serving: false, problem: 'lag 9 s is over REPLICA_MAX_LAG_SECONDS (5 s)' });
    expect(third).toMatchObject({
      serving: false,
      schemaHead: 'M1',
      problem: 'schema behind: lacks 1 migration(s) this build needs (M2)',
    });
  });

  it('takes a replica out when a read fails on it and brings it back at the next good check', async () => {
    const state = { lag: 0, migrations: ['M1', 'M2'] };
    const set = replicaSet(state);
    await set.expectSchema(need);
    set.markDown(0, Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }));
    expect(set.report()[0]).toMatchObject({ up: false, serving: false, problem: 'read failed: Connection lost' });
    expect(set.pick()).toBe(-1);
    await set.checkAll();
    expect(set.pick()).toBe(0);
    expect(warnings).toContainEqual(expect.stringContaining('replica-1:3306 left the read set'));
  });

  it('reports a replica that does not answer as down', async () => {
    const set = replicaSet({ lag: 0, migrations: [], down: true });
    await set.expectSchema(need);
    expect(set.report()[0]).toMatchObject({
      up: false,
      serving: false,
      problem: 'down: connect ECONNREFUSED',
    });
  });

  it('sends a token read to the replica that applied the position, else to the primary', async () => {
    const state = { lag: 0, migrations: ['M1', 'M2'], waited: 0 };
    const set = replicaSet(state);
    await set.expectSchema(need);
    expect(await set.waitFor('uuid:1-5')).toBe(0);
    state.waited = 1;
    expect(await set.waitFor('uuid:1-6')).toBe(-1);
    expect(await set.primaryPosition()).toBe('uuid:1-5');
  });
});

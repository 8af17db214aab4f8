import { loadConfig } from './app-config.js';

const PRIMARY = 'mysql://app:secret@db:3306/life_platter';

describe('DATABASE_REPLICA_URLS and the replica settings', () => {
  it('are empty with defaults when unset', () => {
    expect(loadConfig({ DATABASE_URL: PRIMARY }).replicas).toEqual({
      targets: [],
      maxLagSeconds: 5,
      tokenWaitMs: 50,
      checkIntervalMs: 1_000,
      migrationWaitSeconds: 60,
    });
  });

  it('lists each replica with its own credentials', () => {
    const { targets } = loadConfig({
      DATABASE_URL: PRIMARY,
      DATABASE_REPLICA_URLS: ' mysql://app:s1@replica-1:3306/life_platter , mysql://app:s2@replica-2/life_platter,',
    }).replicas;
    expect(targets.map((target) => [target.host, target.port, target.password])).toEqual([
      ['replica-1', 3306, 's1'],
      ['replica-2', 3306, 's2'],
    ]);
  });

  it('refuse a bad entry by its number, another database, or the primary itself', () => {
    const load = (urls: string) => () => loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: urls });
    expect(load('mysql://r:3306/life_platter,http://x')).toThrow(
      'Invalid environment variable DATABASE_REPLICA_URLS (entry 2): scheme must be mysql:// or mariadb:// (got http://)',
    );
    expect(load('mysql://a:3306/life_platter mysql://b:3306/life_platter')).toThrow(
      'DATABASE_REPLICA_URLS (entry 1): has a space in it: separate the URLs with commas',
    );
    expect(load('mysql://r:3306/other')).toThrow('names database "other", but DATABASE_URL names "life_platter"');
    expect(load('mysql://db:3306/life_platter')).toThrow("db:3306 is listed twice, or is DATABASE_URL's own server");
    expect(() => loadConfig({ DATABASE_URL: PRIMARY, REPLICA_MAX_LAG_SECONDS: '-1' })).toThrow(
      'REPLICA_MAX_LAG_SECONDS',
    );
  });

  it('never put a password in an error', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: 'mysql://app:hunter2@r:3306/nope' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment variable DATABASE_REPLICA_URLS \(entry 1\): names database "nope"/);
    expect(message).not.toContain('hunter2');
  });
});

describe('DATABASE_URL and DATABASE_REPLICA_URLS naming several servers', () => {
  it('keep a host list inside its entry: each server of it is a replica with those credentials', () => {
    const { targets } = loadConfig({
      DATABASE_URL: 'mysql://app:secret@db-1:3306,db-2:3306/life_platter',
      DATABASE_REPLICA_URLS: 'mysql://app:s1@r-1:3306,r-2:3307/life_platter,mysql://app:s3@r-3/life_platter',
    }).replicas;
    expect(targets.map((target) => [target.host, target.port, target.password, target.hosts])).toEqual([
      ['r-1', 3306, 's1', undefined],
      ['r-2', 3307, 's1', undefined],
      ['r-3', 3306, 's3', undefined],
    ]);
  });

  it('refuse a replica that is one of the servers DATABASE_URL lists, by its entry', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'mysql://app:secret@db-1:3306,db-2:3306/life_platter',
        DATABASE_REPLICA_URLS: 'mysql://app:s@r-1,r-2/life_platter,mysql://app:s@r-3,db-2/life_platter',
      }),
    ).toThrow("DATABASE_REPLICA_URLS (entry 2): db-2:3306 is listed twice, or is DATABASE_URL's own server");
  });
});

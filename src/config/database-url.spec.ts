import { describeDatabase, formatDatabaseUrl, hostsOf, onServer, parseDatabaseUrl } from './database-url.js';

describe('database URLs', () => {
  it('defaults the port to 3306 and the user to root', () => {
    expect(parseDatabaseUrl('mysql://localhost/app')).toEqual({
      scheme: 'mysql',
      host: 'localhost',
      port: 3306,
      user: 'root',
      password: '',
      database: 'app',
    });
  });

  it('decodes percent-encoded credentials and round-trips through formatDatabaseUrl', () => {
    const target = parseDatabaseUrl('mysql://m%40ker:p%3Ass%2Fw@db.internal:3310/life_platter');
    expect(target).toMatchObject({ user: 'm@ker', password: 'p:ss/w', host: 'db.internal', port: 3310 });
    expect(parseDatabaseUrl(formatDatabaseUrl(target))).toEqual(target);
  });

  it('accepts IPv6 hosts', () => {
    expect(parseDatabaseUrl('mysql://root@[::1]:3306/app').host).toBe('::1');
  });

  it('masks the password when describing the target', () => {
    const text = describeDatabase(parseDatabaseUrl('mysql://app:hunter2@db:3306/life_platter'));
    expect(text).toBe('mysql://app:***@db:3306/life_platter');
    expect(describeDatabase(parseDatabaseUrl('mysql://root@db/life_platter'))).toBe(
      'mysql://root@db:3306/life_platter',
    );
  });

  it('refuses port 0 and an out-of-range port', () => {
    expect(() => parseDatabaseUrl('mysql://h:0/app')).toThrow(/port/);
    expect(() => parseDatabaseUrl('mysql://h:99999/app')).toThrow(/DATABASE_URL/);
  });
});

describe('database URLs naming several servers (a cluster)', () => {
  const url = 'mysql://app:s%40cret@node-1:3306,node-2:3307,[fd00::3]/life_platter';

  it('list every host in order; the first is host and port, and the credentials are shared', () => {
    const target = parseDatabaseUrl(url);
    expect(target).toMatchObject({
      host: 'node-1',
      port: 3306,
      user: 'app',
      password: 's@cret',
      database: 'life_platter',
    });
    expect(target.hosts).toEqual([
      { host: 'node-1', port: 3306 },
      { host: 'node-2', port: 3307 },
      { host: 'fd00::3', port: 3306 },
    ]);
    expect(hostsOf(parseDatabaseUrl('mysql://root@db/app'))).toEqual([{ host: 'db', port: 3306 }]);
  });

  it('round-trip through formatDatabaseUrl and describe every host with the password masked', () => {
    const target = parseDatabaseUrl(url);
    expect(parseDatabaseUrl(formatDatabaseUrl(target))).toEqual(target);
    expect(describeDatabase(target)).toBe('mysql://app:***@node-1:3306,node-2:3307,[fd00::3]:3306/life_platter');
    expect(onServer(target, { host: 'node-2', port: 3307 })).toEqual({
      scheme: 'mysql',
      host: 'node-2',
      port: 3307,
      user: 'app',
      password: 's@cret',
      database: 'life_platter',
    });
  });

  it('refuse an empty host, a bad port, a host listed twice, naming the variable and never the password', () => {
    const parse = (raw: string) => () => parseDatabaseUrl(raw, 'DATABASE_URL');
    expect(parse('mysql://app:hunter2@a:3306,,b/db')).toThrow(
      'Invalid environment variable DATABASE_URL: host 2 of 3 is empty: separate the hosts with single commas (h1:3306,h2:3306)',
    );
    expect(parse('mysql://app:hunter2@a:3306,b:99999/db')).toThrow(
      'DATABASE_URL: host 2 of 2 ("b:99999") is not host or host:port with a port from 1 to 65535',
    );
    expect(parse('mysql://app:hunter2@a:3306,b:0/db')).toThrow(
      'DATABASE_URL: host 2 of 2: the port must be from 1 to 65535',
    );
    expect(parse('mysql://app:hunter2@a:3306,b,a/db')).toThrow('DATABASE_URL: lists a:3306 twice');
    expect(parse('mysql://app:hunter2@a:3306,b/')).toThrow('the database name is missing');
    for (const bad of ['mysql://app:hunter2@a:3306,,b/db', 'mysql://app:hunter2@a,b:99999/db']) {
      expect(messageOf(parse(bad))).toMatch(/^Invalid environment variable DATABASE_URL: host 2/);
      expect(messageOf(parse(bad))).not.toContain('hunter2');
    }
  });
});

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '(no error)';
}

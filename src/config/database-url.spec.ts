import { describeDatabase, formatDatabaseUrl, parseDatabaseUrl } from './database-url.js';

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

import { DEFAULT_DATABASE_URL, booleanFlag, loadConfig } from './app-config.js';
import { ConfigError } from './config.error.js';

describe('loadConfig', () => {
  it('fills every setting with its documented default', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      connectRetries: 3,
      migrations: {
        lockTimeoutSeconds: 60,
        lockLeaseSeconds: 30,
        allowOutOfOrder: false,
        force: false,
        logFormat: 'text',
        command: 'npm run db --',
        ddlLockWaitSeconds: 0.05,
        ddlRetryForSeconds: 300,
        longTransactionSeconds: 10,
        blockingRows: 100_000,
        contract: false,
        split: false,
      },
      requireSchemaCurrent: false,
      http: { corsOrigins: [], rateLimitPerMinute: 600, docs: true, requestTimeoutMs: 10_000, trustProxy: false },
      pool: { max: 10, queueLimit: 100 },
      replicas: { targets: [], maxLagSeconds: 5, tokenWaitMs: 50, checkIntervalMs: 1_000, migrationWaitSeconds: 60 },
      database: {
        scheme: 'mysql',
        host: '127.0.0.1',
        port: 3306,
        user: 'root',
        password: '',
        database: 'life_platter',
      },
    });
    expect(DEFAULT_DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/life_platter');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '8081',
      LOG_LEVEL: 'warn',
      DATABASE_CONNECT_RETRIES: '10',
      DATABASE_URL: 'mariadb://app:s%40cret@db:3307/platter',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      host: '127.0.0.1',
      port: 8081,
      logLevel: 'warn',
      connectRetries: 10,
    });
    expect(config.database).toEqual({
      scheme: 'mariadb',
      host: 'db',
      port: 3307,
      user: 'app',
      password: 's@cret',
      database: 'platter',
    });
  });

  it('requires a current schema by default in production only, and reads the migration settings', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).requireSchemaCurrent).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', REQUIRE_SCHEMA_CURRENT: 'false' }).requireSchemaCurrent).toBe(false);
    expect(
      loadConfig({
        MIGRATION_LOCK_TIMEOUT: '5',
        MIGRATION_LOCK_LEASE: '12',
        MIGRATIONS_ALLOW_OUT_OF_ORDER: 'true',
        DB_FORCE: '1',
        MIGRATION_LOG_FORMAT: 'json',
        MIGRATION_DDL_LOCK_WAIT: '2',
        MIGRATION_DDL_RETRY_FOR: '30',
        MIGRATION_LONG_TRX: '0',
        MIGRATION_BLOCKING_ROWS: '5000',
        MIGRATION_CONTRACT: 'true',
        MIGRATION_SPLIT: '1',
      }).migrations,
    ).toEqual({
      lockTimeoutSeconds: 5,
      lockLeaseSeconds: 12,
      allowOutOfOrder: true,
      force: true,
      logFormat: 'json',
      command: 'npm run db --',
      ddlLockWaitSeconds: 2,
      ddlRetryForSeconds: 30,
      longTransactionSeconds: 0,
      blockingRows: 5000,
      contract: true,
      split: true,
    });
    expect(loadConfig({ MIGRATION_DDL_LOCK_WAIT: '0.25' }).migrations.ddlLockWaitSeconds).toBe(0.25);
    expect(() => loadConfig({ MIGRATION_LOCK_LEASE: '2' })).toThrow(
      'Invalid environment variable MIGRATION_LOCK_LEASE: must be a whole number from 3 to 86400 (got "2")',
    );
    for (const bad of ['0', '0.001', '1.5s', '.5']) {
      expect(() => loadConfig({ MIGRATION_DDL_LOCK_WAIT: bad })).toThrow(
        `Invalid environment variable MIGRATION_DDL_LOCK_WAIT: must be a number of seconds from 0.01 to 31536000, e.g. 0.05 (got "${bad}")`,
      );
    }
  });

  it('trusts no proxy unless told: addresses, CIDRs and named ranges', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal' }).http.trustProxy).toEqual(['uniquelocal']);
    expect(loadConfig({ TRUST_PROXY: '172.16.0.0/12, 127.0.0.1, ::1' }).http.trustProxy).toEqual([
      '172.16.0.0/12',
      '127.0.0.1',
      '::1',
    ]);
    for (const bad of ['true', '1', '10.0.0.0/8, everyone', '10.0.0.0/abc']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(
        /^Invalid environment variable TRUST_PROXY: must be false, or addresses, CIDRs and ranges \(loopback, linklocal, uniquelocal\)/,
      );
    }
  });

  it('reads the request deadline and the pool bounds', () => {
    const config = loadConfig({ REQUEST_TIMEOUT_MS: '1500', DATABASE_POOL_SIZE: '4', DATABASE_POOL_QUEUE: '1' });
    expect(config.http.requestTimeoutMs).toBe(1500);
    expect(config.pool).toEqual({ max: 4, queueLimit: 1 });
    expect(() => loadConfig({ DATABASE_POOL_QUEUE: '0' })).toThrow(
      /DATABASE_POOL_QUEUE: must be a whole number from 1/,
    );
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '50' })).toThrow(
      /REQUEST_TIMEOUT_MS: must be a whole number from 100 to 600000/,
    );
  });

  it('reads the HTTP settings; the rate limit is off in tests unless set', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).http.rateLimitPerMinute).toBe(0);
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://a.example, http://localhost:5173',
        RATE_LIMIT_PER_MINUTE: '5',
        API_DOCS: 'false',
      }).http,
    ).toEqual({
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      rateLimitPerMinute: 5,
      docs: false,
      requestTimeoutMs: 10_000,
      trustProxy: false,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', NODE_ENV: '  ' })).toMatchObject({ port: 3000, nodeEnv: 'development' });
  });

  it.each([
    ['PORT', 'abc', /Invalid environment variable PORT: must be a whole number from 0 to 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT: must be a whole number/],
    ['PORT', '-1', /PORT: must be a whole number/],
    ['NODE_ENV', 'staging', /NODE_ENV: must be one of development, production, test \(got "staging"\)/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/],
    ['DATABASE_CONNECT_RETRIES', '1.5', /DATABASE_CONNECT_RETRIES: must be a whole number/],
    ['CORS_ORIGINS', 'example.com', /CORS_ORIGINS: each origin must look like https:\/\/example.com/],
    ['RATE_LIMIT_PER_MINUTE', 'lots', /RATE_LIMIT_PER_MINUTE: must be a whole number/],
    ['MIGRATION_LOG_FORMAT', 'xml', /MIGRATION_LOG_FORMAT: must be one of text, json/],
    ['REQUIRE_SCHEMA_CURRENT', 'sometimes', /REQUIRE_SCHEMA_CURRENT: must be true or false/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: not a URL/],
    [
      'DATABASE_URL',
      'postgres://u@h/db',
      /DATABASE_URL: scheme must be mysql:\/\/ or mariadb:\/\/ \(got postgres:\/\/\)/,
    ],
    ['DATABASE_URL', 'mysql://u@h:3306/', /DATABASE_URL: the database name is missing/],
    ['DATABASE_URL', 'mysql://u@h/bad-name', /DATABASE_URL: the database name is missing or has characters/],
  ])('names %s when it is %p', (variable, value, message) => {
    let thrown: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toMatch(message);
    expect((thrown as ConfigError).message).not.toContain('\n');
  });

  it('never echoes a password in an error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:topsecret@h/bad-name' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:topsecret@h/bad-name' })).not.toThrow(/topsecret/);
  });
});

describe('booleanFlag', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads %s as %s', (value, expected) => {
    expect(booleanFlag({ FLAG: value }, 'FLAG', !expected)).toBe(expected);
  });

  it('falls back when unset and refuses anything else', () => {
    expect(booleanFlag({}, 'FLAG', true)).toBe(true);
    expect(() => booleanFlag({ FLAG: 'maybe' }, 'FLAG', true)).toThrow(
      'Invalid environment variable FLAG: must be true or false',
    );
  });
});

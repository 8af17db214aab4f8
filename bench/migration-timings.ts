/**
 * Migration timings: the migrate job (the compose command, `node dist/src/db-cli/main.js up`)
 * applying 50 generated migrations to an empty database, against piping the same SQL into the
 * command-line client (the limit); the job with nothing pending (Node start, lock and checksum
 * verification included), and MikroORM's own CLI doing the same for reference; API cold start
 * to first 200. Every Node run has the compile cache on, filled by the first run, as the Docker
 * image has it filled at build time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { formatDatabaseUrl, type DatabaseTarget } from '../src/config/database-url.js';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { freePort } from '../test/support/free-port.js';
import { sqlClient } from '../test/support/sql-client.js';

const COUNT = 50;

function migrationSource(index: number): { name: string; code: string } {
  const name = `Migration2030010100${String(index).padStart(4, '0')}`;
  const table = `bench_m${index}`;
  return {
    name,
    code:
      `import { Migration } from '@mikro-orm/migrations';\n` +
      `export class ${name} extends Migration {\n  name = '${name}';\n` +
      `  up() {\n    this.addSql("create table \`${table}\` (\`id\` int not null auto_increment primary key, \`label\` varchar(100) not null, \`created_at\` datetime not null default current_timestamp()) default character set utf8mb4 engine = InnoDB");\n` +
      `    this.addSql("alter table \`${table}\` add index \`${table}_label_index\` (\`label\`)");\n  }\n` +
      `  down() {\n    this.addSql("drop table if exists \`${table}\`");\n  }\n}\n`,
  };
}

async function scratchFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-migrations-'));
  await cp(join(PROJECT_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  await cp(join(PROJECT_ROOT, 'package.json'), join(dir, 'package.json'));
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const migrations = join(dir, 'dist', 'migrations');
  for (const file of await readdir(migrations)) {
    await rm(join(migrations, file));
  }
  for (let i = 1; i <= COUNT; i++) {
    const { name, code } = migrationSource(i);
    await writeFile(join(migrations, `${name}.js`), code);
  }
  return dir;
}

function timed(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): number {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  }
  return (performance.now() - started) / 1000;
}

/** Drops and creates the database `target` names, empty. */
export async function recreate(target: DatabaseTarget): Promise<void> {
  const admin = await createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    multipleStatements: true,
  });
  await admin.query(
    `DROP DATABASE IF EXISTS \`${target.database}\`; CREATE DATABASE \`${target.database}\` CHARACTER SET utf8mb4`,
  );
  await admin.end();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const seconds = (value: number) => Math.round(value * 1000) / 1000;

async function coldStart(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    while (
      !(await fetch(`http://127.0.0.1:${port}/cookings/1`).then(
        (r) => r.status === 200,
        () => false,
      ))
    ) {
      // An API that refused to start would otherwise be polled for ever.
      if (child.exitCode !== null) {
        throw new Error(`the API exited with ${child.exitCode} before answering`);
      }
      await new Promise((done) => setTimeout(done, 10));
    }
    return (performance.now() - started) / 1000;
  } finally {
    child.kill('SIGTERM');
  }
}

export async function migrationTimings(
  benchUrl: string,
  server: DatabaseTarget,
  repeats: number,
): Promise<Record<string, number>> {
  const dir = await scratchFolder();
  const target = { ...server, database: 'life_platter_bench_migrations' };
  const env = {
    DATABASE_URL: formatDatabaseUrl(target),
    NODE_ENV: 'production',
    MIKRO_ORM_CLI_CONFIG: 'dist/mikro-orm.config.js',
    LOG_LEVEL: 'warn',
  };
  const job = ['dist/src/db-cli/main.js', 'up'];
  const mikroOrmCli = ['node_modules/@mikro-orm/cli/cli.js', 'migration:up'];
  try {
    const sql = spawnSync(process.execPath, ['dist/src/db-cli/main.js', 'sql'], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout;
    // One untimed run fills the compile cache for the scratch copy's files.
    await recreate(target);
    timed(process.execPath, job, { cwd: dir, env });
    const [applied, idle, idleMikroOrm, raw, cold, bare, planned] = [[], [], [], [], [], [], []] as number[][];
    for (let i = 0; i < repeats; i++) {
      // The phases, by difference: Node alone; the job's start with nothing to do (load, connect,
      // inspect, lock); the same plus the server's plan of all 50 (scratch database, replay, one
      // try per ALTER form); the run is what the full job adds to that.
      bare.push(timed(process.execPath, ['-e', ''], { cwd: dir }));
      await recreate(target);
      planned.push(timed(process.execPath, ['dist/src/db-cli/main.js', 'plan'], { cwd: dir, env }));
      applied.push(timed(process.execPath, job, { cwd: dir, env }));
      idle.push(timed(process.execPath, job, { cwd: dir, env }));
      idleMikroOrm.push(timed(process.execPath, mikroOrmCli, { cwd: dir, env }));
      await recreate(target);
      raw.push(
        timed(sqlClient(), ['-h', target.host, '-P', String(target.port), '-u', target.user, target.database], {
          cwd: dir,
          env: { MYSQL_PWD: target.password },
          input: sql,
        }),
      );
      cold.push(await coldStart(benchUrl));
    }
    return {
      'migrate job, 50 migrations from empty (s)': seconds(median(applied)),
      'raw client, same SQL piped (s)': seconds(median(raw)),
      'migrate job / raw client': Math.round((median(applied) / median(raw)) * 100) / 100,
      'phase: Node itself (s)': seconds(median(bare)),
      'phase: loading, connecting, inspecting, the lock (s)': seconds(median(idle) - median(bare)),
      "phase: the server's plan of 50 migrations (s)": seconds(median(planned) - median(idle)),
      'phase: running and recording 50 migrations (s)': seconds(median(applied) - median(planned)),
      'migrate job, nothing pending (s)': seconds(median(idle)),
      'MikroORM CLI migration:up, nothing pending (s)': seconds(median(idleMikroOrm)),
      'API cold start to first 200 (s)': seconds(median(cold)),
    };
  } finally {
    await recreate(target);
    const admin = await createConnection({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
    });
    await admin.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

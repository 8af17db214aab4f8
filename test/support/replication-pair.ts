import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { positionSql, waitSql } from '../../src/db/replicas/replication-sql.js';
import type { ServerFlavor } from '../../src/db/server-probe.js';
import { freePort } from './free-port.js';
import { PrivateMariaDb } from './private-mariadb.js';
import { PROJECT_ROOT } from './run-cli.js';

/** One private server of the pair: started, stopped at once (SIGKILL), and started again on its data. */
interface PrivateServer {
  readonly port: number;
  start(): Promise<void>;
  kill(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A primary with binary logs and GTIDs and a replica following it by GTID, both private to the
 * test, of the family the test tier runs on (MySQL 9.7 from scripts/ensure-mysql.sh, or
 * MariaDB). Root on both, no password.
 */
export class ReplicationPair {
  private constructor(
    readonly flavor: ServerFlavor,
    private readonly primary: PrivateServer,
    private readonly replica: PrivateServer,
  ) {}

  static async start(flavor: ServerFlavor): Promise<ReplicationPair> {
    const make = (serverId: number, primary: boolean) =>
      flavor === 'mysql' ? PrivateMySql.create(serverId, primary) : PrivateMariaDbServer.create(serverId, primary);
    const primary = await make(1, true);
    const replica = await make(2, false);
    const pair = new ReplicationPair(flavor, primary, replica);
    try {
      await Promise.all([primary.start(), replica.start()]);
      await pair.follow();
    } catch (error) {
      await pair.destroy();
      throw error;
    }
    return pair;
  }

  get primaryPort(): number {
    return this.primary.port;
  }

  get replicaPort(): number {
    return this.replica.port;
  }

  primaryUrl(database: string): string {
    return `mysql://root@127.0.0.1:${this.primary.port}/${database}`;
  }

  replicaUrl(database: string): string {
    return `mysql://root@127.0.0.1:${this.replica.port}/${database}`;
  }

  onPrimary<T = Record<string, unknown>[]>(sql: string, params: unknown[] = []): Promise<T> {
    return query<T>(this.primary.port, sql, params);
  }

  onReplica<T = Record<string, unknown>[]>(sql: string, params: unknown[] = []): Promise<T> {
    return query<T>(this.replica.port, sql, params);
  }

  /** A global status counter (e.g. Com_select) of one side. */
  async counter(side: 'primary' | 'replica', name: string): Promise<number> {
    const sql = 'SHOW GLOBAL STATUS WHERE Variable_name = ?';
    const rows = side === 'primary' ? await this.onPrimary(sql, [name]) : await this.onReplica(sql, [name]);
    return Number(rows[0]?.Value ?? Number.NaN);
  }

  /** Stops or starts the replica's applier (SQL thread); it keeps receiving the primary's changes. */
  async applying(on: boolean): Promise<void> {
    await this.onReplica(`${on ? 'START' : 'STOP'} ${this.flavor === 'mysql' ? 'REPLICA' : 'SLAVE'} SQL_THREAD`);
  }

  /** Makes the replica apply each transaction `seconds` after the primary committed it (0: at once). */
  async delay(seconds: number): Promise<void> {
    const mysql = this.flavor === 'mysql';
    await this.onReplica(mysql ? 'STOP REPLICA' : 'STOP SLAVE');
    await this.onReplica(
      mysql ? `CHANGE REPLICATION SOURCE TO SOURCE_DELAY = ${seconds}` : `CHANGE MASTER TO MASTER_DELAY = ${seconds}`,
    );
    await this.onReplica(mysql ? 'START REPLICA' : 'START SLAVE');
  }

  /** Waits until the replica has applied everything the primary committed so far. */
  async caughtUp(timeoutSeconds = 30): Promise<void> {
    const [{ position }] = await this.onPrimary<{ position: string }[]>(positionSql(this.flavor));
    const [{ waited }] = await this.onReplica<{ waited: number }[]>(waitSql(this.flavor), [position, timeoutSeconds]);
    if (Number(waited) !== 0) {
      throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s`);
    }
  }

  killReplica(): Promise<void> {
    return this.replica.kill();
  }

  startReplica(): Promise<void> {
    return this.replica.start();
  }

  async destroy(): Promise<void> {
    await Promise.all([this.replica.destroy(), this.primary.destroy()]);
  }

  private async follow(): Promise<void> {
    const port = this.primary.port;
    if (this.flavor === 'mysql') {
      await this.onPrimary("CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-password'");
      await this.onPrimary("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
      await this.onReplica(
        `CHANGE REPLICATION SOURCE TO SOURCE_HOST = '127.0.0.1', SOURCE_PORT = ${port}, SOURCE_USER = 'repl', ` +
          "SOURCE_PASSWORD = 'repl-password', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1",
      );
      await this.onReplica('START REPLICA');
    } else {
      // The private MariaDB servers run without grant tables: any user may connect, root included.
      await this.onReplica(
        `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${port}, MASTER_USER = 'root', ` +
          "MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos",
      );
      await this.onReplica('START SLAVE');
    }
    await this.caughtUp();
  }
}

async function query<T>(port: number, sql: string, params: unknown[]): Promise<T> {
  const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2_000 });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T;
  } finally {
    await connection.end();
  }
}

/** MySQL 9.7 from the project's chroot (scripts/ensure-mysql.sh), on a port and data directory of its own. */
class PrivateMySql implements PrivateServer {
  private constructor(
    readonly port: number,
    private readonly args: string,
    private readonly root: string,
  ) {}

  static async create(serverId: number, primary: boolean): Promise<PrivateServer> {
    const chroot = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/ensure-mysql.sh'), '--chroot'], { encoding: 'utf8' });
    if (chroot.status !== 0) {
      throw new Error(`scripts/ensure-mysql.sh --chroot failed: ${chroot.stderr}`);
    }
    const args = [
      `--server-id=${serverId}`,
      '--gtid-mode=ON',
      '--enforce-gtid-consistency=ON',
      '--innodb-buffer-pool-size=32M',
      primary ? '--log-bin=binlog' : '--skip-log-bin',
    ].join(' ');
    return new PrivateMySql(await freePort(), args, chroot.stdout.trim());
  }

  start(): Promise<void> {
    const run = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/ensure-mysql.sh'), '--port', String(this.port)], {
      encoding: 'utf8',
      env: { ...process.env, MYSQLD_EXTRA_ARGS: this.args },
    });
    return run.status === 0
      ? Promise.resolve()
      : Promise.reject(new Error(`private MySQL on ${this.port} did not start: ${run.stderr}`));
  }

  async kill(): Promise<void> {
    const pidFile = join(this.root, `run/mysqld/mysqld-${this.port}.pid`);
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
    } catch {
      return;
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) {
      await new Promise((done) => setTimeout(done, 50));
    }
    rmSync(pidFile, { force: true });
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(join(this.root, `var/lib/mysql-${this.port}`), { recursive: true, force: true });
    rmSync(join(this.root, `var/log/mysql/mysqld-${this.port}.err`), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** MariaDB from the machine (test/support/private-mariadb.ts), with replication settings. */
class PrivateMariaDbServer implements PrivateServer {
  private constructor(
    private readonly server: PrivateMariaDb,
    private readonly args: string[],
  ) {}

  static async create(serverId: number, primary: boolean): Promise<PrivateServer> {
    const args = [`--server-id=${serverId}`, ...(primary ? ['--log-bin=binlog', '--binlog-format=ROW'] : [])];
    return new PrivateMariaDbServer(await PrivateMariaDb.create(), args);
  }

  get port(): number {
    return this.server.port;
  }

  start(): Promise<void> {
    return this.server.start(this.args);
  }

  kill(): Promise<void> {
    return this.server.kill();
  }

  destroy(): Promise<void> {
    return this.server.destroy();
  }
}

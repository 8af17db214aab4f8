import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './free-port.js';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = 'mariadb-install-db';

/** Why a private server cannot be started here, or undefined when it can. */
export function privateServerUnavailable(): string | undefined {
  if (!existsSync(MARIADBD)) {
    return `${MARIADBD} is not installed`;
  }
  // Only looked up on PATH: running it without a --datadir would inspect the system's own data directory.
  const found = spawnSync('sh', ['-c', `command -v ${INSTALL_DB}`], { stdio: 'ignore' }).status === 0;
  return found ? undefined : `${INSTALL_DB} is not installed`;
}

/**
 * A MariaDB server of the test's own, on its own port and data directory, that the test may stop
 * and start at will without disturbing the shared server. No grant tables: any user may connect.
 */
export class PrivateMariaDb {
  private process?: ChildProcess;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateMariaDb> {
    const dir = await mkdtemp(join(tmpdir(), 'lp-private-mariadb-'));
    // Temporary tables in the server's own folder: in the shared /tmp a bootstrap failed with
    // "Could not remove temporary table '/tmp/#sql-temptable-…', error: 2" during a CI run.
    await mkdir(join(dir, 'tmp'));
    const install = spawnSync(
      INSTALL_DB,
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        `--tmpdir=${join(dir, 'tmp')}`,
        '--user=root',
        '--skip-test-db',
        '--auth-root-authentication-method=normal',
      ],
      {
        encoding: 'utf8',
      },
    );
    if (install.status !== 0) {
      throw new Error(`mariadb-install-db failed: ${install.stderr}`);
    }
    return new PrivateMariaDb(dir, await freePort());
  }

  url(database: string): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server; `extra` adds server options (plugins, settings) for a test's needs. */
  async start(extra: string[] = []): Promise<void> {
    this.process = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--tmpdir=${join(this.dir, 'tmp')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        `--log-error=${join(this.dir, 'error.log')}`,
        '--user=root',
        '--skip-grant-tables',
        '--innodb-buffer-pool-size=32M',
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const connection = await createConnection({
          host: '127.0.0.1',
          port: this.port,
          user: 'root',
          connectTimeout: 1_000,
        });
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`private MariaDB did not start on port ${this.port}`, { cause: error });
        }
        await new Promise((done) => setTimeout(done, 200));
      }
    }
  }

  /** Stops the server at once (SIGKILL), as a crash or a killed container would. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
  }

  async destroy(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

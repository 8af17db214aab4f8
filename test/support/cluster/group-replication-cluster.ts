import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../run-cli.js';
import { distinctPorts, LoopbackCluster } from './loopback-cluster.js';
import { killGroup, sessionOnPort, until, type ClusterFixture, type ClusterKind } from './cluster-fixture.js';

interface Member {
  /** The member's folder as mysqld sees it, inside the chroot. */
  dir: string;
  port: number;
  /** Group Replication's own port (group_replication_local_address). */
  gcs: number;
  process?: ChildProcess;
}

const RECOVERY_USER = 'lp_recovery';
const RECOVERY_PASSWORD = 'recovery-password';

/**
 * Three MySQL 9.7 members of a single-primary Group Replication group, from the project's MySQL
 * chroot (scripts/ensure-mysql.sh), on loopback. Their folders live in one folder the fixture
 * makes inside the chroot. Member 0 bootstraps the group; the others join it by incremental
 * recovery. A killed member rejoins by itself when started again (start_on_boot and
 * super_read_only in its my.cnf), and a dead primary is expelled at once (member_expel_timeout=0).
 */
export class GroupReplicationCluster extends LoopbackCluster implements ClusterFixture {
  // The member applies every transaction the group ordered before a read, then answers it.
  protected readonly catchUp = "SET SESSION group_replication_consistency = 'BEFORE'";
  readonly kind: ClusterKind = 'group-replication';

  private constructor(
    private readonly chroot: string,
    private readonly dir: string,
    private readonly members: Member[],
  ) {
    super();
  }

  get ports(): number[] {
    return this.members.map((member) => member.port);
  }

  static async start(): Promise<GroupReplicationCluster> {
    const chroot = mysqlChroot();
    const host = await mkdtemp(join(chroot, 'var/tmp', 'lp-group-replication-'));
    const dir = host.slice(chroot.length);
    const ports = await distinctPorts(6);
    const members = [0, 1, 2].map((index) => ({
      dir: join(dir, `member${index}`),
      port: ports[index * 2],
      gcs: ports[index * 2 + 1],
    }));
    const cluster = new GroupReplicationCluster(chroot, dir, members);
    try {
      // The folder is the fixture's own (mkdtemp made it 0700): mysqld runs as mysql.
      cluster.inChroot(['chown', 'mysql:mysql', dir]);
      const group = randomUUID();
      for (const index of members.keys()) {
        cluster.writeConfig(index, group);
        cluster.initialize(index);
      }
      await Promise.all(
        members.map((_, index) => cluster.launch(index, ['--loose-group-replication-start-on-boot=OFF'])),
      );
      for (const index of members.keys()) {
        await cluster.prepareRecovery(index);
      }
      await cluster.query(0, 'SET GLOBAL group_replication_bootstrap_group = ON');
      await cluster.query(0, 'START GROUP_REPLICATION');
      await cluster.query(0, 'SET GLOBAL group_replication_bootstrap_group = OFF');
      for (const index of [1, 2]) {
        await cluster.query(index, 'START GROUP_REPLICATION');
      }
      await cluster.healthy();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** The member the group elected primary, asked of the first member that answers as ONLINE. */
  async writer(): Promise<number> {
    for (const index of this.members.keys()) {
      if (!this.running(index)) {
        continue;
      }
      const rows = await this.query<{ port: number; role: string; state: string }[]>(
        index,
        'SELECT MEMBER_PORT AS port, MEMBER_ROLE AS role, MEMBER_STATE AS state FROM performance_schema.replication_group_members',
      ).catch(() => []);
      // Until the group expels a killed primary, the others still list it as ONLINE PRIMARY.
      const primary = rows.find(
        (row) => row.role === 'PRIMARY' && row.state === 'ONLINE' && this.running(this.ports.indexOf(Number(row.port))),
      );
      if (primary) {
        return this.ports.indexOf(Number(primary.port));
      }
    }
    throw new Error('no Group Replication member reports an ONLINE primary');
  }

  running(node: number): boolean {
    const child = this.members[node].process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  async kill(node: number): Promise<void> {
    const child = this.members[node].process;
    this.members[node].process = undefined;
    if (child?.pid !== undefined && child.exitCode === null) {
      await killGroup(child.pid);
    }
  }

  async restart(node: number): Promise<void> {
    await this.launch(node);
    await until(() => this.online(node, 3), `member ${node} to rejoin the group`, 120_000);
  }

  async healthy(timeoutMs = 120_000): Promise<void> {
    for (const index of this.members.keys()) {
      await until(() => this.online(index, 3), `member ${index} to be ONLINE in a group of 3`, timeoutMs);
    }
  }

  async destroy(): Promise<void> {
    for (const index of this.members.keys()) {
      await this.kill(index);
    }
    await rm(join(this.chroot, this.dir), { recursive: true, force: true });
  }

  /** The member sees itself and `size` members in all ONLINE. */
  private async online(node: number, size: number): Promise<boolean> {
    const rows = await this.query<{ state: string; me: number }[]>(
      node,
      'SELECT MEMBER_STATE AS state, MEMBER_ID = @@server_uuid AS me FROM performance_schema.replication_group_members',
    );
    const mine = rows.find((row) => Number(row.me) === 1);
    return mine?.state === 'ONLINE' && rows.filter((row) => row.state === 'ONLINE').length === size;
  }

  private configFile(index: number): string {
    return join(this.members[index].dir, 'my.cnf');
  }

  private writeConfig(index: number, group: string): void {
    const member = this.members[index];
    const seeds = this.members.map((peer) => `127.0.0.1:${peer.gcs}`).join(',');
    for (const folder of ['data', 'files']) {
      mkdirSync(join(this.chroot, member.dir, folder), { recursive: true });
    }
    const lines = [
      '[mysqld]',
      `datadir=${join(member.dir, 'data')}`,
      `socket=${join(member.dir, 'mysqld.sock')}`,
      `pid-file=${join(member.dir, 'mysqld.pid')}`,
      `log-error=${join(member.dir, 'error.log')}`,
      `secure_file_priv=${join(member.dir, 'files')}`,
      `port=${member.port}`,
      'bind-address=127.0.0.1',
      'mysqlx=OFF',
      `server_id=${index + 1}`,
      'report_host=127.0.0.1',
      `report_port=${member.port}`,
      'innodb_buffer_pool_size=64M',
      'innodb_redo_log_capacity=32M',
      'gtid_mode=ON',
      'enforce_gtid_consistency=ON',
      'log_bin=binlog',
      'log_replica_updates=ON',
      'super_read_only=ON',
      'plugin_load_add=group_replication.so',
      `loose-group_replication_group_name=${group}`,
      'loose-group_replication_start_on_boot=ON',
      `loose-group_replication_local_address=127.0.0.1:${member.gcs}`,
      `loose-group_replication_group_seeds=${seeds}`,
      'loose-group_replication_single_primary_mode=ON',
      'loose-group_replication_member_expel_timeout=0',
      'loose-group_replication_recovery_get_public_key=ON',
    ];
    writeFileSync(join(this.chroot, this.configFile(index)), `${lines.join('\n')}\n`);
    this.inChroot(['chown', '-R', 'mysql:mysql', member.dir]);
  }

  private initialize(index: number): void {
    this.inChroot([
      'mysqld',
      `--defaults-file=${this.configFile(index)}`,
      '--initialize-insecure',
      '--user=mysql',
      '--super-read-only=OFF',
    ]);
  }

  /** The recovery channel's user, made on each member without binary logging (each has its own). */
  private async prepareRecovery(index: number): Promise<void> {
    const statements = [
      'SET GLOBAL super_read_only = OFF',
      'SET SQL_LOG_BIN = 0',
      `CREATE USER '${RECOVERY_USER}'@'%' IDENTIFIED BY '${RECOVERY_PASSWORD}'`,
      `GRANT REPLICATION SLAVE, CONNECTION_ADMIN, BACKUP_ADMIN, GROUP_REPLICATION_STREAM ON *.* TO '${RECOVERY_USER}'@'%'`,
      'SET SQL_LOG_BIN = 1',
      `CHANGE REPLICATION SOURCE TO SOURCE_USER = '${RECOVERY_USER}', SOURCE_PASSWORD = '${RECOVERY_PASSWORD}' FOR CHANNEL 'group_replication_recovery'`,
    ];
    await sessionOnPort(this.members[index].port, statements);
  }

  private async launch(index: number, extra: string[] = []): Promise<void> {
    const member = this.members[index];
    member.process = spawn(
      'chroot',
      [this.chroot, 'mysqld', `--defaults-file=${this.configFile(index)}`, '--user=mysql', ...extra],
      { stdio: 'ignore', detached: true },
    );
    await until(
      async () => {
        if (!this.running(index)) {
          throw new Error(`it exited; its log ends: ${this.logTail(index)}`);
        }
        await this.query(index, 'SELECT 1');
        return true;
      },
      `member ${index} to answer on port ${member.port}`,
      120_000,
    );
  }

  private inChroot(command: string[]): void {
    const run = spawnSync('chroot', [this.chroot, ...command], { encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`${command.join(' ')} in the MySQL chroot failed: ${run.stderr}`);
    }
  }

  private logTail(index: number): string {
    try {
      const log = join(this.chroot, this.members[index].dir, 'error.log');
      return readFileSync(log, 'utf8').split('\n').slice(-8).join(' | ');
    } catch {
      return '(no log)';
    }
  }
}

/** The chroot scripts/ensure-mysql.sh builds (and only builds, with --chroot). */
function mysqlChroot(): string {
  const run = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/ensure-mysql.sh'), '--chroot'], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`scripts/ensure-mysql.sh --chroot failed: ${run.stderr}`);
  }
  return run.stdout.trim();
}

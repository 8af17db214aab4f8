import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../run-cli.js';
import { distinctPorts, LoopbackCluster } from './loopback-cluster.js';
import { killGroup, until, type ClusterFixture, type ClusterKind } from './cluster-fixture.js';

const MARIADBD = '/usr/sbin/mariadbd';

interface GaleraNode {
  dir: string;
  port: number;
  gcomm: number;
  ist: number;
  sst: number;
  process?: ChildProcess;
}

/**
 * Three MariaDB 10.11 nodes of a Galera cluster (Debian's galera-4) on loopback, in a folder of
 * their own under the system's temporary folder. Each node has its own my.cnf, ports and data
 * directory owned by `mysql`; node 0 bootstraps the cluster, the others join it by an rsync SST.
 * GTIDs are on (wsrep_gtid_mode with binary logs), as the read-your-writes token needs.
 */
export class GaleraCluster extends LoopbackCluster implements ClusterFixture {
  // Causality checks: the node applies everything the cluster certified before it answers a read.
  protected readonly catchUp = 'SET SESSION wsrep_sync_wait = 1';
  readonly kind: ClusterKind = 'galera';

  private constructor(
    private readonly root: string,
    private readonly nodes: GaleraNode[],
  ) {
    super();
  }

  get ports(): number[] {
    return this.nodes.map((node) => node.port);
  }

  static async start(): Promise<GaleraCluster> {
    ensureGalera();
    const root = await mkdtemp(join(tmpdir(), 'lp-galera-'));
    chownSync(root, mysqlIds().uid, mysqlIds().gid);
    const ports = await distinctPorts(12);
    const nodes: GaleraNode[] = [0, 1, 2].map((index) => {
      const [port, gcomm, ist, sst] = ports.slice(index * 4, index * 4 + 4);
      return { dir: join(root, `node${index}`), port, gcomm, ist, sst };
    });
    const cluster = new GaleraCluster(root, nodes);
    try {
      for (const index of nodes.keys()) {
        cluster.writeConfig(index);
      }
      cluster.installFirst();
      await cluster.launch(0, ['--wsrep-new-cluster']);
      await cluster.launch(1);
      await cluster.launch(2);
      await cluster.healthy();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** The first node in order that is up and synced: where the API's writes go. */
  async writer(): Promise<number> {
    for (const index of this.nodes.keys()) {
      if (this.running(index) && (await this.synced(index, 0).catch(() => false))) {
        return index;
      }
    }
    throw new Error('no Galera node is synced');
  }

  running(node: number): boolean {
    const child = this.nodes[node].process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  async kill(node: number): Promise<void> {
    const child = this.nodes[node].process;
    this.nodes[node].process = undefined;
    if (child?.pid !== undefined && child.exitCode === null) {
      await killGroup(child.pid);
    }
  }

  /**
   * A killed node starts from the position its data recovers to (--wsrep-recover), so it
   * catches up by an incremental state transfer instead of copying everything again.
   */
  async restart(node: number): Promise<void> {
    const position = this.recoveredPosition(node);
    await this.launch(node, position ? [`--wsrep-start-position=${position}`] : []);
    await until(() => this.synced(node), `Galera node ${node} to rejoin and sync`, 120_000);
  }

  async healthy(timeoutMs = 120_000): Promise<void> {
    for (const index of this.nodes.keys()) {
      await until(() => this.synced(index), `Galera node ${index} to be synced in a cluster of 3`, timeoutMs);
    }
  }

  async destroy(): Promise<void> {
    for (const index of this.nodes.keys()) {
      await this.kill(index);
    }
    await rm(this.root, { recursive: true, force: true });
  }

  /** Synced and ready in the primary component; of `size` nodes unless 0. */
  /** Synced and ready, in a cluster of `size` nodes (any size when 0). */
  private async synced(node: number, size = 3): Promise<boolean> {
    const rows = await this.query<{ Variable_name: string; Value: string }[]>(
      node,
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_ready')",
    );
    const status = Object.fromEntries(rows.map((row) => [row.Variable_name, row.Value]));
    return (
      status.wsrep_local_state_comment === 'Synced' &&
      (size === 0 || status.wsrep_cluster_size === String(size)) &&
      status.wsrep_ready === 'ON'
    );
  }

  private configFile(node: number): string {
    return join(this.nodes[node].dir, 'my.cnf');
  }

  private writeConfig(index: number): void {
    const node = this.nodes[index];
    mkdirSync(join(node.dir, 'data'), { recursive: true });
    const peers = this.nodes.map((peer) => `127.0.0.1:${peer.gcomm}`).join(',');
    const lines = [
      '[mysqld]',
      `datadir=${join(node.dir, 'data')}`,
      `socket=${join(node.dir, 'mysqld.sock')}`,
      `pid-file=${join(node.dir, 'mysqld.pid')}`,
      `log-error=${join(node.dir, 'error.log')}`,
      `port=${node.port}`,
      'bind-address=127.0.0.1',
      'skip-name-resolve',
      'innodb_buffer_pool_size=32M',
      'innodb_log_file_size=16M',
      'binlog_format=ROW',
      'innodb_autoinc_lock_mode=2',
      'log_bin=binlog',
      'log_slave_updates=ON',
      'server_id=1',
      `gtid_domain_id=${10 + index}`,
      'wsrep_on=ON',
      'wsrep_gtid_mode=ON',
      'wsrep_gtid_domain_id=1',
      'wsrep_provider=/usr/lib/galera/libgalera_smm.so',
      'wsrep_cluster_name=life_platter_test',
      `wsrep_cluster_address=gcomm://${peers}`,
      `wsrep_node_name=node${index}`,
      'wsrep_node_address=127.0.0.1',
      `wsrep_node_incoming_address=127.0.0.1:${node.port}`,
      'wsrep_sst_method=rsync',
      `wsrep_sst_receive_address=127.0.0.1:${node.sst}`,
      `wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${node.gcomm};ist.recv_addr=127.0.0.1:${node.ist};base_port=${node.gcomm};gcache.size=32M"`,
    ];
    writeFileSync(this.configFile(index), `${lines.join('\n')}\n`);
    const { uid, gid } = mysqlIds();
    for (const path of [node.dir, join(node.dir, 'data')]) {
      chownSync(path, uid, gid);
    }
  }

  private installFirst(): void {
    const install = spawnSync(
      'mariadb-install-db',
      [
        `--defaults-file=${this.configFile(0)}`,
        '--user=mysql',
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) {
      throw new Error(`mariadb-install-db failed: ${install.stderr}`);
    }
  }

  private async launch(index: number, extra: string[] = []): Promise<void> {
    const node = this.nodes[index];
    node.process = spawn(MARIADBD, [`--defaults-file=${this.configFile(index)}`, '--user=mysql', ...extra], {
      stdio: 'ignore',
      detached: true,
    });
    await until(
      async () => {
        if (!this.running(index)) {
          throw new Error(`it exited; its log ends: ${this.logTail(index)}`);
        }
        await this.query(index, 'SELECT 1');
        return true;
      },
      `Galera node ${index} to answer on port ${node.port}`,
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; log: ${this.logTail(index)}`);
    });
  }

  /** The position a killed node's data recovers to (uuid:seqno), read from a --wsrep-recover run. */
  private recoveredPosition(index: number): string | undefined {
    const log = join(this.nodes[index].dir, 'recover.log');
    spawnSync(
      MARIADBD,
      [`--defaults-file=${this.configFile(index)}`, '--user=mysql', '--wsrep-recover', `--log-error=${log}`],
      {
        stdio: 'ignore',
        timeout: 60_000,
      },
    );
    const text = readFileSync(log, 'utf8');
    return /Recovered position: (\S+:-?\d+)/.exec(text)?.[1];
  }

  private logTail(index: number): string {
    try {
      return readFileSync(join(this.nodes[index].dir, 'error.log'), 'utf8').split('\n').slice(-8).join(' | ');
    } catch {
      return '(no log)';
    }
  }
}

function mysqlIds(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/** galera-4 and rsync (its state transfer), installed from Debian by scripts/ensure-galera.sh when missing. */
function ensureGalera(): void {
  const run = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/ensure-galera.sh')], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`scripts/ensure-galera.sh failed: ${run.stderr}`);
  }
}

/**
 * The cluster behind `REHEARSAL_CLUSTER=galera|group-replication npm run rehearse`
 * (scripts/compose-rehearsal.sh): starts the three nodes the cluster tests use, writes where they
 * listen to FILE, and stays up until SIGTERM (then destroys them, data and all).
 *   SIGUSR1 kill -9 of the member taking writes; SIGUSR2 start it again and wait until it rejoined.
 * After each, FILE is written again: { ports, writer, killed, ready }.
 *   node --import @swc-node/register/esm-register scripts/rehearsal-cluster.ts KIND FILE
 */
import { writeFile } from 'node:fs/promises';
import type { ClusterFixture } from '../test/support/cluster/cluster-fixture.js';
import { GaleraCluster } from '../test/support/cluster/galera-cluster.js';
import { GroupReplicationCluster } from '../test/support/cluster/group-replication-cluster.js';

const [kind, file] = process.argv.slice(2);
if ((kind !== 'galera' && kind !== 'group-replication') || !file) {
  process.stderr.write('usage: rehearsal-cluster.ts galera|group-replication FILE\n');
  process.exit(2);
}

const cluster: ClusterFixture = kind === 'galera' ? await GaleraCluster.start() : await GroupReplicationCluster.start();
let killed: number | null = null;
let busy = Promise.resolve();

async function report(): Promise<void> {
  const writer = await cluster.writer().catch(() => null);
  await writeFile(file, JSON.stringify({ ports: cluster.ports, writer, killed, ready: true }));
}

function serially(work: () => Promise<void>): void {
  busy = busy.then(work).catch((error: unknown) => {
    process.stderr.write(`rehearsal-cluster: ${String(error)}\n`);
  });
}

process.on('SIGUSR1', () =>
  serially(async () => {
    killed = await cluster.writer();
    await cluster.kill(killed);
    await report();
  }),
);
process.on('SIGUSR2', () =>
  serially(async () => {
    if (killed !== null) {
      await cluster.restart(killed);
      await cluster.healthy();
      killed = null;
    }
    await report();
  }),
);
process.on('SIGTERM', () =>
  serially(async () => {
    await cluster.destroy();
    process.exit(0);
  }),
);
await report();
// Kept alive by the signal handlers until SIGTERM.
setInterval(() => undefined, 60_000);

import { onServer, type DatabaseTarget, type HostPort } from '../../config/database-url.js';
import { DatabaseConnectError } from '../database-connect.error.js';
import type { ServerFlavor } from '../server-probe.js';
import { discoverCluster } from './cluster-discovery.js';
import type { ClusterKind } from './cluster-sql.js';
import { nameOf, type ClusterTopology } from './cluster-topology.js';

/** How long a command waits for a member that takes writes: a Group Replication election takes ~7–25 s. */
export const WRITER_WAIT_SECONDS = 30;

export interface ClusterWriteTarget {
  kind: ClusterKind;
  /** host:port of the member the command writes on. */
  writer: string;
  /**
   * The members the writer counts in its cluster now (Group Replication: ONLINE or RECOVERING;
   * Galera: the primary component): where the migrate job waits for its schema. A member that
   * is gone gets the schema with everything else when it rejoins.
   */
  members: HostPort[];
  /** The URL named other members first (or only): the command goes to the writer instead. */
  redirected: boolean;
}

/**
 * Where the db command and the migrate job run their statements: on a server of its own, the
 * URL's server; on a cluster, the member that takes writes now (Group Replication's primary,
 * the first synced Galera node of the URL's order), whichever member the URL named, so a job
 * pointed at a secondary never applies there. Waits up to WRITER_WAIT_SECONDS for one.
 */
export async function writeTargetOf(
  target: DatabaseTarget,
  flavor: ServerFlavor,
  waitSeconds = WRITER_WAIT_SECONDS,
): Promise<{ target: DatabaseTarget; cluster?: ClusterWriteTarget }> {
  const topology = await discoverCluster(target, flavor, 1_000, { warn: () => undefined, info: () => undefined });
  if (!topology) {
    return { target };
  }
  try {
    const deadline = Date.now() + waitSeconds * 1000;
    while (!topology.writer && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 500));
      await topology.check();
    }
    // Members the first check learned of are asked too: the wait for the schema needs to know which answer.
    await topology.check();
    const writer = topology.writer;
    if (!writer) {
      const states = topology
        .report()
        .members.map((member) => `${member.name} ${member.state}`)
        .join(', ');
      throw new DatabaseConnectError(
        `no member of the ${topology.kind} cluster took writes within ${waitSeconds} s (${states}); ` +
          'the cluster has no primary (Group Replication) or no synced node in its primary component (Galera)',
      );
    }
    return {
      target: onServer(target, writer),
      cluster: {
        kind: topology.kind,
        writer: nameOf(writer),
        members: currentMembers(topology, writer),
        redirected: nameOf(writer) !== `${target.host}:${target.port}`,
      },
    };
  } finally {
    await topology.stop();
  }
}

/** A member the writer still lists but that did not answer has died since, or is being expelled. */
function currentMembers(topology: ClusterTopology, writer: HostPort): HostPort[] {
  const reported = topology.viewOf(nameOf(writer)).view?.members ?? [];
  const current = reported.filter(
    (member) =>
      (member.state === undefined || ['ONLINE', 'RECOVERING'].includes(member.state)) &&
      topology.viewOf(nameOf(member)).problem === undefined,
  );
  return current.length > 0 ? current.map(({ host, port }) => ({ host, port })) : topology.members;
}

/** The line a db command prints (stderr) when DATABASE_URL names a cluster: where its statements go. */
export function clusterNote(cluster: ClusterWriteTarget, named: DatabaseTarget): string {
  const members = cluster.members.map((member) => `${member.host}:${member.port}`).join(', ');
  const moved = cluster.redirected
    ? `; DATABASE_URL named ${named.host}:${named.port} first, which does not take writes now`
    : '';
  return `cluster: ${cluster.kind} (${members}); statements go to ${cluster.writer}, the member that takes writes${moved}`;
}

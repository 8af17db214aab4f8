/**
 * The ALGORITHM and LOCK clauses of an online ALTER, in each server's own grammar. The two
 * servers disagree in ways that matter to a planner that asks the server by trying:
 *   - MySQL refuses any LOCK clause beside ALGORITHM=INSTANT (errno 1221, "Incorrect usage of
 *     ALGORITHM=INSTANT and LOCK=NONE"), so INSTANT is sent bare; MariaDB takes INSTANT with a LOCK;
 *   - NOCOPY (in place, no row copy) is MariaDB's alone: MySQL answers "Unknown ALGORITHM";
 *   - MySQL 8.0.29+ counts the row versions instant ADD/DROP COLUMN leave in a table and refuses
 *     INSTANT past a limit (errno 4092), which an empty copy of the table never reaches.
 */
import type { Algorithm, ClusterKind, LockLevel, ServerFlavor } from '../types.js';

export interface AlgorithmChoice {
  algorithm: Algorithm;
  lock: LockLevel;
}

/** The server a plan is made on: its grammar, and its version for the limits that moved between releases. */
export interface PlanServer {
  flavor: ServerFlavor;
  /** As `select version()` answers, e.g. `9.7.4-2` or `10.11.19-MariaDB-0+deb12u1`. */
  version: string;
  /** The cluster the server is a member of, if any: it changes what a DDL does to the others (plan/cluster-terms.ts). */
  cluster?: ClusterKind;
}

const IN_PLACE_AND_COPY: AlgorithmChoice[] = [
  { algorithm: 'INPLACE', lock: 'NONE' },
  { algorithm: 'INPLACE', lock: 'SHARED' },
  { algorithm: 'INPLACE', lock: 'EXCLUSIVE' },
  // COPY never takes LOCK=NONE: both servers say "COPY algorithm requires a lock".
  { algorithm: 'COPY', lock: 'SHARED' },
  { algorithm: 'COPY', lock: 'EXCLUSIVE' },
];

/** Tried in this order; the first form the server accepts is the answer. */
const ATTEMPTS: Record<ServerFlavor, AlgorithmChoice[]> = {
  mysql: [{ algorithm: 'INSTANT', lock: 'NONE' }, ...IN_PLACE_AND_COPY],
  mariadb: [
    { algorithm: 'INSTANT', lock: 'NONE' },
    { algorithm: 'NOCOPY', lock: 'NONE' },
    { algorithm: 'NOCOPY', lock: 'SHARED' },
    ...IN_PLACE_AND_COPY,
  ],
};

/** The forms a planner tries on this server, cheapest first; INSTANT left out when `instant` is false. */
export function attemptsFor(flavor: ServerFlavor, { instant = true } = {}): AlgorithmChoice[] {
  return ATTEMPTS[flavor].filter((choice) => instant || choice.algorithm !== 'INSTANT');
}

/**
 * The clause appended to the ALTER: `algorithm=INSTANT` alone on MySQL (its INSTANT takes no
 * lock and refuses a LOCK clause), `algorithm=X, lock=Y` otherwise. An INSTANT change still waits
 * for the table's metadata lock, which the plan reports as LOCK NONE: nothing waits on it after.
 */
export function algorithmClause(flavor: ServerFlavor, { algorithm, lock }: AlgorithmChoice): string {
  return flavor === 'mysql' && algorithm === 'INSTANT' ? 'algorithm=INSTANT' : `algorithm=${algorithm}, lock=${lock}`;
}

/** Errors that mean "not with that algorithm or lock": the server refuses and changes nothing. */
const REFUSED = new Set([
  1845, // ER_ALTER_OPERATION_NOT_SUPPORTED
  1846, // ER_ALTER_OPERATION_NOT_SUPPORTED_REASON
  // MariaDB: ER_ALTER_OPERATION_NOT_SUPPORTED_REASON_… (instant variants);
  // MySQL: ER_INNODB_MAX_ROW_VERSION (no more instant ADD/DROP COLUMN on this table).
  4092,
]);

/** Whether the server refused the statement for its algorithm or lock (nothing changed). */
export function isAlgorithmRefusal(error: unknown): boolean {
  return REFUSED.has((error as { errno?: number }).errno ?? 0);
}

/**
 * Errors that depend on the moment, not on the statement: another session's lock, a lost
 * connection, a statement ended by a time limit or a KILL. On the plan's private copy they say
 * nothing about the live run.
 */
const TRANSIENT = new Set([
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1317, // ER_QUERY_INTERRUPTED
  1969, // MariaDB ER_STATEMENT_TIMEOUT
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  3024, // MySQL ER_QUERY_TIMEOUT
]);

/**
 * Whether the server's refusal of a statement on the plan's copy of the schema (the live tables'
 * own definitions, changed by the statements before it) foresees the live run failing the same
 * way: any server error but an algorithm refusal or a transient one.
 */
export function foreseesFailure(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return typeof errno === 'number' && !REFUSED.has(errno) && !TRANSIENT.has(errno);
}

/**
 * How many row versions instant ADD/DROP COLUMN may leave in one MySQL table before INSTANT is
 * refused: 64 from 8.0.29 (when instant ADD/DROP at any position arrived) through 9.0, 255 from
 * 9.1 (measured on 9.7: the 256th instant change answered errno 4092). MariaDB has no such count.
 */
export function maxRowVersions(server: PlanServer): number | null {
  if (server.flavor !== 'mysql') {
    return null;
  }
  const [major, minor] = server.version.split(/[.-]/).map(Number);
  return major > 9 || (major === 9 && minor >= 1) ? 255 : 64;
}

/** Clauses that add a row version when run instantly on MySQL. */
export function addsRowVersion(clauses: string[]): boolean {
  return clauses.some((clause) =>
    /^(add|drop)\s+(column\s+)?(?!(unique|index|key|constraint|primary|foreign|fulltext|spatial|check)\b)/i.test(
      clause.trim(),
    ),
  );
}

export function noteFor({ algorithm, lock }: AlgorithmChoice): string {
  if (algorithm === 'INSTANT') {
    return 'metadata only: instant at any size';
  }
  if (algorithm === 'COPY') {
    return `rebuilds the table by copying every row; ${lock === 'EXCLUSIVE' ? 'reads and writes' : 'writes'} wait until it ends`;
  }
  const rebuild =
    algorithm === 'NOCOPY'
      ? 'changes the table in place without copying rows'
      : 'works in place (may rebuild the table)';
  return lock === 'NONE'
    ? `${rebuild}; reads and writes go on`
    : `${rebuild}; ${lock === 'SHARED' ? 'writes' : 'reads and writes'} wait`;
}

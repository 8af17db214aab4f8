/**
 * The types the engine's folders share, and that its errors and events carry: a file of its
 * own at the root, so each folder can name them without importing another folder.
 */

export type MigrationPhase = 'expand' | 'contract';

export type DestructiveRule =
  | 'drop-table'
  | 'drop-column'
  | 'narrowing-type-change'
  | 'not-null-without-default'
  | 'drop-unique-index'
  | 'truncate'
  | 'drop-database';

export interface DestructiveFinding {
  rule: DestructiveRule;
  /** 1-based index of the statement in up(). */
  statement: number;
  message: string;
}

/** A marker a migration class carries to say that what it does in production is intended. */
export type ProductionMarker = 'allowDestructive' | 'allowBreaking';

export type BreakingRule = DestructiveRule | 'rename-column' | 'rename-table';

export interface BreakingFinding extends Omit<DestructiveFinding, 'rule'> {
  rule: BreakingRule;
}

export interface Blocker {
  connectionId: number;
  user: string;
  host: string;
  /** Seconds since its transaction started; null when it has none open. */
  transactionSeconds: number | null;
  /** PROCESSLIST's command and state, e.g. "Sleep" or "Query: Sending data". */
  state: string;
  /** What it is running now; null when idle. */
  statement: string | null;
  /**
   * How it was found: the server says it holds a metadata lock on the table; nothing says so,
   * but its running statement or its InnoDB locks touch the table; or it is only an open
   * transaction of the database, which --kill-blockers never ends.
   */
  source: 'metadata-lock' | 'table-activity' | 'open-transaction';
}

/** The server and database every connection of the engine goes to: the lock, DDL sessions, probes, scratch databases. */
export interface ServerTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Which server: the two differ in DDL grammar, catalogue and session variables. */
export type ServerFlavor = 'mysql' | 'mariadb';

/**
 * The cluster the engine's server is a member of, as the server says: Group Replication
 * (MySQL's InnoDB Cluster) or Galera (MariaDB). They change what a DDL does to the other
 * members, which lock holds across members, and which member may apply (docs/clusters.md).
 */
export type ClusterKind = 'group-replication' | 'galera';

export type Algorithm = 'INSTANT' | 'NOCOPY' | 'INPLACE' | 'COPY';

export type LockLevel = 'NONE' | 'SHARED' | 'EXCLUSIVE';

/**
 * A change whose success depends on the rows already in the table: a UNIQUE key over
 * duplicates, NOT NULL over NULLs, a foreign key over orphans, a narrower type over values that
 * do not fit. Each is counted before its migration runs, so it is refused while nothing of it
 * has run, instead of failing (or silently cutting values) half-way.
 */
export interface DataCheck {
  kind: 'unique' | 'not-null' | 'foreign-key' | 'fits';
  table: string;
  columns: string[];
  description: string;
  /** One row, one column `n`: how many rows (or duplicate groups) stand in the way. */
  countSql: string;
  /** Up to three offending keys, one column `example`. */
  examplesSql: string;
}

export interface DataCheckResult {
  check: DataCheck;
  count: number;
  examples: string[];
}

/** A data check that found rows in the way, with the statement (1-based) it guards. */
export interface FailedDataCheck extends DataCheckResult {
  statement: number;
}

/** What one pending statement will do to its table, as the server itself answered. */
export interface PlanLine {
  migration: string;
  /** 1-based position in the migration. */
  statement: number;
  sql: string;
  kind: 'alter' | 'create-table' | 'drop-table' | 'rename-table' | 'data' | 'other';
  table: string | null;
  /** InnoDB's estimate for the live table; null when it does not exist yet. */
  rows: number | null;
  bytes: number | null;
  /** For ALTERs; null otherwise (or when the server accepted none of the forms). */
  algorithm: Algorithm | null;
  lock: LockLevel | null;
  /** The ALGORITHM/LOCK clause the server accepted, in its grammar: what the run appends to the ALTER. */
  clause: string | null;
  note: string;
  /** What the rows already there must satisfy for the statement to succeed; count null when not counted. */
  checks: PlannedCheck[];
  /** Set when the table copy runs through pt-online-schema-change (the migration's `online` marker). */
  online?: 'pt-osc';
  /**
   * The server's error when it refused the statement on the plan's copy of the schema for a reason
   * the live run will meet too (a missing column, a duplicate name, …): `up` refuses the run.
   */
  fails?: string;
  /** On Galera: the statement holds every write in the cluster while it runs (plan/cluster-terms.ts). */
  blocksCluster?: boolean;
}

export interface PlannedCheck {
  check: DataCheck;
  count: number | null;
  examples: string[];
}

/** A migration file as found in migrations/. */
export interface MigrationFile {
  name: string;
  path: string;
}

/** What a migration would run, read without touching a database. */
export interface MigrationSql {
  up: string[];
  down: string[];
  /** sha256 of the statements of up and down: the same for the .ts source and the compiled .js. */
  checksum: string;
  /** The reason given by the file for running destructive statements in production, if any. */
  destructiveReason?: string;
  /** The reason given for statements that block writes on a big table in production, if any. */
  blockingReason?: string;
  /** The reason given for an expand migration that breaks the running release on purpose, if any. */
  breakingReason?: string;
  /** expand (the default): keeps the running release working; contract: runs once no replica needs the old schema. */
  phase: MigrationPhase;
  /** How ALTERs planned as a table copy run: in place (default) or through pt-online-schema-change. */
  online?: 'pt-osc';
  /** The name the class gives itself: its `name` field, else the class's own name. */
  className: string;
}

/** `running`: another run holds the migration lock and is applying it now. */
export type EntryState = 'applied' | 'pending' | 'running' | 'failed' | 'missing-file';

/** One migration as the files, MikroORM's tracking table and our companion table see it together. */
export interface MigrationEntry {
  name: string;
  path?: string;
  state: EntryState;
  appliedAt?: string;
  /** 1 for the first migration applied, and so on: the order of MikroORM's tracking rows. */
  appliedOrder?: number;
  /** Checksum of the file now (undefined when the file is missing). */
  checksum?: string;
  /** Checksum recorded when it was applied; null when it was applied before checksums were kept. */
  recordedChecksum?: string | null;
  checksumChanged: boolean;
  /** Pending, but sorts before the last applied migration. */
  outOfOrder: boolean;
  /** expand or contract, from its file (undefined when the file is missing). */
  phase?: MigrationPhase;
  /** The name its class gives itself (its `name` field, else the class's own name), from its file. */
  className?: string;
  /** Set while another run applies it (it holds the migration lock), at this statement. */
  running?: { connection: number; statement: number | null; statements: number | null; since: string };
  failure?: {
    statement: number | null;
    statements: number | null;
    error: string;
    at: string;
    /** It gave up on a metadata lock at `statement` and its file is unchanged: `up` resumes there. */
    resumable: boolean;
  };
}

export interface MigrationState {
  entries: MigrationEntry[];
  /** The last applied migration, or undefined at base. */
  head?: string;
}

/** What stands in the way of a run. src/migration-words/wording.ts words each kind with its way out. */
export type Problem =
  | { kind: 'failed'; entry: MigrationEntry }
  /**
   * `newerRelease`: applied by a newer release than this checkout (a problem for `down` only).
   * `renamedTo`: a pending file holds exactly its statements (same checksum): it was renamed after
   * it was applied here.
   */
  | { kind: 'missing-file'; name: string; newerRelease: boolean; renamedTo?: string }
  /** The file's class (or its `name`) says another name than the file: MikroORM would record one, run the other. */
  | { kind: 'name-mismatch'; name: string; path?: string; className: string }
  | { kind: 'checksum-changed'; name: string; path?: string; recorded?: string | null; current?: string }
  | { kind: 'out-of-order'; name: string; head?: string };

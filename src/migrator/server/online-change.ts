import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnlineChangeFailedError } from '../errors/index.js';
import type { ServerTarget, ServerFlavor } from '../types.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

export const PT_OSC = 'pt-online-schema-change';

export interface OnlineChange {
  table: string;
  /** The ALTER's clauses, without `alter table t`. */
  clauses: string;
  /** The statement it stands for, and where: what a failure names. */
  sql: string;
  at: { migration: string; statement: number; statements: number };
}

export interface OnlineChangeOptions {
  /** Each line pt-online-schema-change prints (progress, what it is doing). */
  onOutput: (line: string) => void;
  /** Seconds its own statements wait for a metadata lock (the swap, the triggers); whole, from 1, as the servers count. */
  lockWaitSeconds: number;
  /** Which server: MySQL needs its EXPLAIN format named (below). */
  flavor: ServerFlavor;
  /** Runs a query on the live database, for the clean-up after a failure. */
  query: <T>(sql: string, params?: unknown[]) => Promise<T[]>;
}

/**
 * Runs one table copy through pt-online-schema-change: a new table with the change, triggers
 * that carry writes over while rows are copied in chunks, then an atomic rename. The credentials
 * go in an option file readable only by this user (never on a command line other users can see
 * in `ps`), removed afterwards. On failure or a kill, the triggers and the half-filled new table
 * are removed, so the original table is as it was; if the swap already happened, the old table
 * is kept for the operator and the error says so.
 */
export async function runOnlineChange(
  target: ServerTarget,
  change: OnlineChange,
  options: OnlineChangeOptions,
): Promise<void> {
  for (const [what, value] of [
    ['database', target.database],
    ['table', change.table],
  ]) {
    if (/[,=\s]/.test(value)) {
      throw new OnlineChangeFailedError(
        change.at,
        change.sql,
        `${PT_OSC} cannot name the ${what} "${value}" in its DSN (comma, = or space)`,
        false,
      );
    }
  }
  const folder = await mkdtemp(join(tmpdir(), 'pt-osc-'));
  const defaults = join(folder, 'client.cnf');
  try {
    await writeFile(defaults, optionFile(target), { mode: 0o600 });
    await chmod(folder, 0o700);
    const outcome = await spawnPtOsc(defaults, target, change, options);
    if (outcome.code !== 0) {
      throw await failed(target, change, outcome, options);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A `[client]` option file; values double-quoted with `\` and `"` escaped, as mysql option files read them. */
function optionFile(target: ServerTarget): string {
  const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `[client]\nuser=${quoted(target.user)}\npassword=${quoted(target.password)}\n`;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  tail: string[];
}

function spawnPtOsc(
  defaults: string,
  target: ServerTarget,
  change: OnlineChange,
  options: OnlineChangeOptions,
): Promise<Outcome> {
  const args = [
    // Must come first: the only place it reads credentials from.
    `--defaults-file=${defaults}`,
    '--alter',
    change.clauses,
    `D=${target.database},t=${change.table},h=${target.host},P=${target.port}`,
    '--execute',
    // Replicas are not discovered through the processlist (it needs PROCESS and guesses hosts).
    '--recursion-method=none',
    // Child tables' foreign keys are pointed at the new table, whichever way is safe for their size.
    '--alter-foreign-keys-method=auto',
    '--set-vars',
    // pt-osc sizes its chunks from EXPLAIN's `rows`; MySQL 8.3+ may default to the TREE format,
    // which has none: it then saw "approximately 0 rows" and copied 300,000 in one chunk, holding
    // every row lock for the whole copy (a writer waited 3.3 s on MySQL 9.7).
    [
      `lock_wait_timeout=${Math.max(1, Math.ceil(options.lockWaitSeconds))}`,
      ...(options.flavor === 'mysql' ? ['explain_format=TRADITIONAL'] : []),
    ].join(','),
    '--progress',
    'time,5',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(PT_OSC, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) {
          options.onOutput(line.trimEnd());
          tail.push(line.trimEnd());
          tail.splice(0, Math.max(0, tail.length - 8));
        }
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new OnlineChangeFailedError(
              change.at,
              change.sql,
              `${PT_OSC} is not installed (Debian/Ubuntu: apt-get install percona-toolkit); nothing ran`,
              false,
            )
          : error,
      ),
    );
    child.on('close', (code, signal) => resolve({ code, signal, tail }));
  });
}

async function failed(
  target: ServerTarget,
  change: OnlineChange,
  outcome: Outcome,
  options: OnlineChangeOptions,
): Promise<OnlineChangeFailedError> {
  const how = outcome.signal ? `was killed (${outcome.signal})` : `exited with code ${outcome.code}`;
  const triggers = await options.query<{ name: string }>(
    `select trigger_name as name from information_schema.triggers
      where trigger_schema = ? and trigger_name like ?`,
    [
      target.database,
      `pt\\_osc\\_${target.database.replace(/[%_]/g, '\\$&')}\\_${change.table.replace(/[%_]/g, '\\$&')}\\_%`,
    ],
  );
  for (const { name } of triggers) {
    await options.query(`drop trigger if exists ${quoteIdentifier(target.database)}.${quoteIdentifier(name)}`);
  }
  const tables = await options.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = ? and table_name in (?, ?)`,
    [target.database, `_${change.table}_new`, `_${change.table}_old`],
  );
  const names = new Set(tables.map((table) => table.name));
  const swapped = names.has(`_${change.table}_old`);
  if (names.has(`_${change.table}_new`) && !swapped) {
    await options.query(`drop table if exists ${quoteIdentifier(target.database)}.\`_${change.table}_new\``);
  }
  const cleaned = [
    triggers.length > 0 ? `dropped its triggers ${triggers.map((trigger) => trigger.name).join(', ')}` : '',
    names.has(`_${change.table}_new`) && !swapped ? `dropped its half-filled table _${change.table}_new` : '',
  ].filter(Boolean);
  const state = swapped
    ? `the tables were already swapped: ${change.table} has the new definition and the old one is kept as _${change.table}_old`
    : `${change.table} is unchanged`;
  return new OnlineChangeFailedError(
    change.at,
    change.sql,
    `${PT_OSC} ${how}; ${cleaned.length > 0 ? `${cleaned.join('; ')}; ` : ''}${state}. Its last lines: ${outcome.tail.join(' | ')}`,
    swapped,
  );
}

import type { MigrateOptions } from '@mikro-orm/core';
import { NotAppliedError, UnknownMigrationError } from '../errors/index.js';
import type { MigrationEntry, MigrationState } from '../types.js';
import { byState } from './migration-state.js';

/**
 * The migration a name means among the known ones: its name, its file name (with the folder and
 * the .ts/.js extension, as a shell completes it), or MikroORM's 14-digit timestamp alone or as
 * `Migration<timestamp>` when exactly one migration carries it (`20261207013216` is
 * `Migration20261207013216_slow`). Anything else is UnknownMigrationError, listing what is known.
 */
export function resolveName(known: readonly string[], given: string): string {
  const bare = given
    .trim()
    .replace(/^.*[\\/]/, '')
    .replace(/\.[jt]s$/, '');
  if (known.includes(bare)) {
    return bare;
  }
  const stamp = /^(?:Migration)?(\d{14})$/.exec(bare)?.[1];
  const carrying = stamp
    ? known.filter((name) => name === `Migration${stamp}` || name.startsWith(`Migration${stamp}_`))
    : [];
  if (carrying.length === 1) {
    return carrying[0];
  }
  throw new UnknownMigrationError(given, carrying.length > 1 ? carrying : [...known]);
}

export function isBase(target: string | number | undefined): boolean {
  return target === 0 || target === '0' || target === 'base';
}

/** Resolves a migration name against what is known (resolveName), or throws UnknownMigrationError. */
export function requireKnown(state: MigrationState, name: string): string {
  return resolveName(
    state.entries.map((entry) => entry.name),
    name,
  );
}

/**
 * The migrations between two names of the files, in the order a run would take them, without
 * asking a database (offline SQL): up runs after `from` (default base) up to and including `to`
 * (default head); down undoes from `from` (default head) down to, not including, `to` (default base).
 */
export function selectRange(
  all: readonly string[],
  { direction, from, to }: { direction: 'up' | 'down'; from?: string; to?: string },
): string[] {
  const point = (text: string | undefined, fallback: 'base' | 'head') => {
    const name = text ?? fallback;
    if (name === 'head') {
      return all.at(-1);
    }
    return isBase(name) ? undefined : resolveName(all, name);
  };
  if (direction === 'down') {
    const top = point(from, 'head');
    const bottom = point(to, 'base');
    return all.filter((name) => top !== undefined && name <= top && (bottom === undefined || name > bottom)).reverse();
  }
  const after = point(from, 'base');
  const until = point(to, 'head');
  return all.filter((name) => (after === undefined || name > after) && until !== undefined && name <= until);
}

/**
 * What a caller asks a run to touch: MikroORM's own options (from, to, the names), plus a count
 * of steps (the next N for up, the last N for down) and whether contract migrations may run.
 */
export interface RunRequest {
  from?: string | number;
  to?: string | number;
  migrations?: string[];
  steps?: number;
  contract?: boolean;
}

/** The migrations a run touches, in order, and the contract migrations `up` holds back. */
export interface RunSelection {
  run: string[];
  /** From the first pending contract migration on (up without contract migrations asked for). */
  heldBack: string[];
  /** Expand migrations among `heldBack`: they wait behind a contract migration, which `up` refuses to skip. */
  behindContract: string[];
  /**
   * The contract migrations `up` holds back for their window (`up --contract` applies them): all
   * of `heldBack` when no expand migration waits behind them, else none (`up` refuses instead).
   */
  contractWindow: string[];
  /**
   * `up --contract` with expand migrations of the same run ahead of the first contract one: those
   * belong to the release that wrote it, which cannot run anywhere before they are applied, so the
   * contract migration waits (`heldBack`) until that release is deployed.
   */
  deployFirst?: string[];
  /**
   * The contract migrations `up` applies because nothing is applied yet: no release runs on an
   * empty database (a new developer's, a CI database, a fresh volume), so nothing needs what they
   * remove, and the whole history applies in file order in one run.
   */
  freshContracts?: string[];
  /**
   * `down` reverts other migrations than the newest files: one was applied out of order, and the
   * tracking table's order is what `down` follows.
   */
  revertsOutOfFileOrder?: boolean;
}

/**
 * Whether a migration is of this build's own contract window: a contract one after its newest
 * expand file. It waits, by design, until every replica runs the build; a contract migration
 * before the newest expand one belongs to an earlier release, whose window has passed.
 */
export function ownContractWindow(state: MigrationState): (entry: MigrationEntry) => boolean {
  const newestExpand = state.entries.filter((entry) => entry.path && entry.phase !== 'contract').at(-1)?.name ?? '';
  return (entry) => entry.phase === 'contract' && entry.name > newestExpand;
}

/** MikroORM's forms of the options (a name, names, or an object) as one request. */
export function asRunRequest(options: string | string[] | MigrateOptions | RunRequest | undefined): RunRequest {
  if (typeof options === 'string' || Array.isArray(options)) {
    return { migrations: ([] as string[]).concat(options) };
  }
  const { from, to, migrations } = options ?? {};
  return {
    from,
    to,
    migrations,
    ...(options && 'steps' in options ? { steps: options.steps } : {}),
    ...(options && 'contract' in options ? { contract: options.contract } : {}),
  };
}

/**
 * The exact migrations a run will touch, the one place that decides it (the CLI only parses
 * flags): MikroORM's meaning of from/to/names, but an unknown name is refused instead of quietly
 * doing something else. `up` starts with a migration left BLOCKED half-way (it resumes there, so
 * nothing later may run ahead of it), so `up --steps 1` resumes the blocked one alone; and it stops
 * before the first contract migration unless asked for them. Migrations run in file order only:
 * an expand migration behind a pending contract one is not applied ahead of it (`behindContract`;
 * `up` refuses, naming both, rather than wait silently or reorder the schema's history).
 */
export function selectRun(method: 'up' | 'down', state: MigrationState, request: RunRequest = {}): RunSelection {
  const selection =
    method === 'up' ? selectUp(state, request) : { ...selectDown(state, request), heldBack: [], behindContract: [] };
  return { ...selection, contractWindow: selection.behindContract.length > 0 ? [] : selection.heldBack };
}

function selectUp(
  state: MigrationState,
  { from, to, migrations, steps, contract }: RunRequest,
): Omit<RunSelection, 'contractWindow'> {
  const only = migrations?.map((name) => requireKnown(state, name));
  let candidates = state.entries.filter((entry) => entry.state === 'pending' || entry.failure?.resumable);
  if (only) {
    candidates = candidates.filter((entry) => only.includes(entry.name));
  }
  if (from !== undefined && !isBase(from)) {
    const after = requireKnown(state, String(from));
    candidates = candidates.filter((entry) => entry.name > after);
  }
  if (to !== undefined && !isBase(to)) {
    const until = requireKnown(state, String(to));
    candidates = candidates.filter((entry) => entry.name <= until);
  }
  // Steps count what the run would reach; a contract migration among them stops it there.
  const reached = steps === undefined ? candidates : candidates.slice(0, steps);
  if (state.entries.every((entry) => entry.state === 'pending')) {
    const freshContracts = reached.filter((entry) => entry.phase === 'contract').map((entry) => entry.name);
    return { run: reached.map((entry) => entry.name), heldBack: [], behindContract: [], freshContracts };
  }
  const firstContract = reached.findIndex((entry) => entry.phase === 'contract');
  if (firstContract < 0 || (contract && firstContract === 0)) {
    return { run: reached.map((entry) => entry.name), heldBack: [], behindContract: [] };
  }
  if (contract) {
    const run = reached.slice(0, firstContract).map((entry) => entry.name);
    return {
      run,
      heldBack: reached.slice(firstContract).map((entry) => entry.name),
      behindContract: [],
      deployFirst: run,
    };
  }
  const waiting = reached.slice(firstContract);
  return {
    run: reached.slice(0, firstContract).map((entry) => entry.name),
    heldBack: waiting.map((entry) => entry.name),
    behindContract: waiting.filter((entry) => entry.phase !== 'contract').map((entry) => entry.name),
  };
}

/**
 * `down` undoes what was applied last first: the tracking table's order, which differs from the
 * files' order once a migration was applied out of order (`up --allow-out-of-order`).
 */
function selectDown(state: MigrationState, request: RunRequest): { run: string[]; revertsOutOfFileOrder: boolean } {
  const applied = byState(state, 'applied', 'missing-file')
    .sort((a, b) => (b.appliedOrder ?? 0) - (a.appliedOrder ?? 0) || b.name.localeCompare(a.name))
    .map((entry) => entry.name);
  const run = selectDownFrom(state, applied, request);
  const newestFiles = [...applied].sort().reverse().slice(0, run.length);
  const asked = request.migrations !== undefined;
  return { run, revertsOutOfFileOrder: !asked && run.some((name, index) => name !== newestFiles[index]) };
}

function selectDownFrom(state: MigrationState, applied: string[], { to, migrations, steps }: RunRequest): string[] {
  if (migrations) {
    const only = migrations.map((name) => requireKnown(state, name));
    return applied.filter((name) => only.includes(name));
  }
  if (steps !== undefined) {
    return applied.slice(0, steps);
  }
  if (isBase(to)) {
    return applied;
  }
  if (to !== undefined) {
    const target = requireKnown(state, String(to));
    if (!applied.includes(target)) {
      throw new NotAppliedError(target);
    }
    return applied.slice(0, applied.indexOf(target));
  }
  return applied.slice(0, 1);
}

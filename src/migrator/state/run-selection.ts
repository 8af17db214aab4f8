import type { MigrateOptions } from '@mikro-orm/core';
import { NotAppliedError, UnknownMigrationError } from '../errors.js';
import { byState } from './migration-state.js';
import type { MigrationState } from '../types.js';

/** Accepts a file name (with .ts/.js) or MikroORM's bare 14-digit timestamp for a migration name. */
export function normaliseName(name: string): string {
  const bare = name.trim().replace(/\.[jt]s$/, '');
  return /^\d{14}$/.test(bare) ? `Migration${bare}` : bare;
}

export function isBase(target: string | number | undefined): boolean {
  return target === 0 || target === '0' || target === 'base';
}

/** Resolves a migration name against what is known, or throws UnknownMigrationError. */
export function requireKnown(state: MigrationState, name: string): string {
  const wanted = normaliseName(name);
  const known = state.entries.map((entry) => entry.name);
  if (!known.includes(wanted)) {
    throw new UnknownMigrationError(name, known);
  }
  return wanted;
}

type RunOptions = string | string[] | MigrateOptions | undefined;

function asOptions(options: RunOptions): MigrateOptions {
  if (typeof options === 'string' || Array.isArray(options)) {
    return { migrations: ([] as string[]).concat(options) };
  }
  return options ?? {};
}

/**
 * The exact migrations a run will touch, in order, with MikroORM's meaning of from/to/only;
 * unlike MikroORM it refuses a name it does not know instead of quietly doing something else.
 */
export function planRun(method: 'up' | 'down', state: MigrationState, options: RunOptions): string[] {
  const { from, to, migrations } = asOptions(options);
  const only = migrations?.map((name) => requireKnown(state, name));
  if (method === 'up') {
    let pending = state.entries
      .filter((entry) => entry.state === 'pending' || entry.failure?.resumable)
      .map((entry) => entry.name);
    if (only) {
      return pending.filter((name) => only.includes(name));
    }
    if (from !== undefined && !isBase(from)) {
      const after = requireKnown(state, String(from));
      pending = pending.filter((name) => name > after);
    }
    if (to !== undefined && !isBase(to)) {
      const until = requireKnown(state, String(to));
      pending = pending.filter((name) => name <= until);
    }
    return pending;
  }
  const applied = byState(state, 'applied', 'missing-file')
    .map((entry) => entry.name)
    .reverse();
  if (only) {
    return applied.filter((name) => only.includes(name));
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

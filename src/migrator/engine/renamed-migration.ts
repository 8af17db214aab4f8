import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { RenameRefusedError, UnknownMigrationError } from '../errors/index.js';
import { renamedCopyOf } from '../state/problems.js';
import { requireKnown } from '../state/run-selection.js';
import type { MigrationEntry, MigrationFile, MigrationState } from '../types.js';

/** `Migration` + a UTC timestamp of 14 digits, as MikroORM names new migrations. */
export function timestampedName(now: Date, suffix = ''): string {
  return `Migration${now.toISOString().replace(/[-T:]|\.\d{3}Z$/g, '')}${suffix}`;
}

/** What follows the 14-digit timestamp of a name (`_notes` of `Migration20261207031804_notes`). */
export const suffixOf = (name: string) => /^Migration\d{14}(\w*)$/.exec(name)?.[1] ?? '';

/**
 * The time a new name is stamped with: now, or one second after the latest migration when one
 * carries a later timestamp (a file named by hand, or by a machine whose clock runs ahead), so
 * the renamed migration still sorts after every migration there is.
 */
export function timestampAfter(known: string[], now: Date): Date {
  const latest = known
    .map((name) => /^Migration(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(name))
    .filter((match) => match !== null)
    .map(([, y, mo, d, h, mi, se]) => Date.UTC(+y, +mo - 1, +d, +h, +mi, +se))
    .reduce((max, time) => Math.max(max, time), -Infinity);
  return latest >= now.getTime() - (now.getTime() % 1000) ? new Date(latest + 1000) : now;
}

/**
 * The name a migration is renamed to: `wanted`, or (when not given) a new timestamp with the same
 * suffix that sorts after every migration there is (timestampAfter). A new name must be a class name no
 * other migration has; only a migration recorded nowhere may get one (the tracking table knows
 * the others by their name), while making a file's class agree with its own name is always allowed.
 */
export function newNameFor(entry: MigrationEntry, known: string[], wanted: string | undefined, now: Date): string {
  const name = wanted?.trim() || timestampedName(timestampAfter(known, now), suffixOf(entry.name));
  if (name === entry.name) {
    return name;
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new UnknownMigrationError(name, known);
  }
  if (known.includes(name)) {
    throw new RenameRefusedError(entry.name, `${name} is the name of another migration`);
  }
  if (entry.state !== 'pending') {
    throw new RenameRefusedError(
      entry.name,
      `it is ${entry.state}, and the tracking table knows it by this name; only a pending migration gets a new name`,
    );
  }
  return name;
}

/** The file rewritten under its new name: the class and its `name` field say it too. */
export async function renameMigrationFile(file: MigrationFile, name: string): Promise<string> {
  const source = await readFile(file.path, 'utf8');
  const rewritten = source
    .replace(/(\bclass\s+)[A-Za-z_$][\w$]*(\s+extends\s+Migration\b)/, `$1${name}$2`)
    .replace(/(\bname\s*=\s*)(['"])[^'"]*\2/, `$1'${name}'`);
  const path = join(dirname(file.path), `${name}${extname(file.path)}`);
  await writeFile(file.path, rewritten);
  if (path !== file.path) {
    await rename(file.path, path);
  }
  return path;
}

/**
 * `db rename`: the migration `given` names (a name, a file name or a unique prefix) gets its new
 * name, file, class and `name` field together; only a migration with a file can be renamed.
 */
export async function renamePending(
  state: MigrationState,
  given: string,
  wanted: string | undefined,
): Promise<{ from: string; to: string; path: string }> {
  const name = requireKnown(state, given);
  const entry = state.entries.find((candidate) => candidate.name === name)!;
  if (!entry.path) {
    throw new RenameRefusedError(entry.name, 'its file is missing');
  }
  // Giving a renamed migration back the name it was applied under is what the missing file needs.
  const renamedFrom = state.entries.find(
    (candidate) => candidate.state === 'missing-file' && renamedCopyOf(state, candidate) === entry,
  );
  const known = state.entries.filter((candidate) => candidate !== renamedFrom).map((candidate) => candidate.name);
  const to = newNameFor(entry, known, wanted, new Date());
  const path = await renameMigrationFile({ name: entry.name, path: entry.path }, to);
  return { from: entry.name, to, path };
}

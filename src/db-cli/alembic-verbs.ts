/**
 * Alembic's verbs, understood by the `db` command: each is rewritten to the project's own
 * command, and the rewrite is shown, so a habit becomes knowledge of this tool.
 */
import { DEFAULT_DB_COMMAND } from '../migration-words/index.js';
import { UsageError } from './exit-codes.js';

export interface Translation {
  argv: string[];
  /** One line: what was typed and what runs. */
  note: string;
}

const rangeOf = (target: string, fallbackFrom: string): [string, string] =>
  target.includes(':') ? (target.split(':', 2) as [string, string]) : [fallbackFrom, target];

function upgrade(args: string[], sql: boolean): string[] {
  const [target = 'head', ...more] = args;
  if (sql && /^\+\d+$/.test(target)) {
    // Relative: the next N that up would apply, which needs the database's state.
    return ['sql', '--pending', '--steps', target.slice(1), ...more];
  }
  if (sql) {
    const [from, to] = rangeOf(target, 'base');
    return ['sql', '--from', from, '--to', to, ...more];
  }
  if (/^\+\d+$/.test(target)) {
    return ['up', '--steps', target.slice(1), ...more];
  }
  return target === 'head' || target === 'heads' ? ['up', ...more] : ['up', '--to', target, ...more];
}

function downgrade(args: string[], sql: boolean): string[] {
  const [target, ...more] = args;
  if (target === undefined) {
    throw new UsageError('downgrade needs a target: -1, -N, base or a migration NAME (db down --help)');
  }
  if (sql && /^-\d+$/.test(target)) {
    // Relative: the last N applied, which needs the database's state.
    return ['sql', '--down', '--steps', target.slice(1), ...more];
  }
  if (sql) {
    const [from, to] = rangeOf(target, 'head');
    return ['sql', '--down', '--from', from, '--to', to, ...more];
  }
  if (/^-\d+$/.test(target)) {
    return ['down', '--steps', target.slice(1), ...more];
  }
  return ['down', '--to', target, ...more];
}

function revision(args: string[]): string[] {
  const translated = ['create'];
  let autogenerate = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--autogenerate') {
      autogenerate = true;
    } else if (arg === '-m' || arg === '--message') {
      translated.push('--name', args[++i] ?? '');
    } else if (arg.startsWith('--message=')) {
      translated.push('--name', arg.slice('--message='.length));
    } else {
      translated.push(arg);
    }
  }
  // Without --autogenerate Alembic writes an empty revision.
  return autogenerate ? translated : [...translated, '--blank'];
}

/** The project's command for an Alembic verb, or undefined when `argv` is not one; `db` as MIGRATION_COMMAND types it. */
export function translateAlembic(argv: string[], db = DEFAULT_DB_COMMAND): Translation | undefined {
  const [verb, ...rest] = argv;
  const sql = rest.includes('--sql');
  const args = rest.filter((arg) => arg !== '--sql');
  let translated: string[] | undefined;
  switch (verb) {
    case 'current':
      // `current --verbose` (-v) shows the whole picture: `status` without --short.
      translated = verbose(args) ? ['status', ...withoutVerbose(args)] : ['status', '--short', ...args];
      break;
    case 'heads':
      translated = ['history', '--offline', '--last', ...withVerboseFlag(args)];
      break;

    case 'upgrade':
      translated = upgrade(args, sql);
      break;
    case 'downgrade':
      translated = downgrade(args, sql);
      break;
    case 'revision':
      translated = revision(args);
      break;
    default:
      return undefined;
  }
  return { argv: translated, note: `(alembic) ${shellWords(argv)} → ${db} ${shellWords(translated)}` };
}

const VERBOSE = new Set(['-v', '--verbose']);
const verbose = (args: string[]) => args.some((arg) => VERBOSE.has(arg));
const withoutVerbose = (args: string[]) => args.filter((arg) => !VERBOSE.has(arg));
/** Alembic's short -v as the project's --verbose. */
const withVerboseFlag = (args: string[]) => args.map((arg) => (arg === '-v' ? '--verbose' : arg));

/** `down -1` and `down -3` as Alembic writes relative steps: `down --steps N`. */
export function relativeSteps(argv: string[]): string[] {
  const [verb, ...rest] = argv;
  if (verb !== 'down' && verb !== 'up') {
    return argv;
  }
  return [verb, ...rest.flatMap((arg) => (/^[-+]\d+$/.test(arg) ? ['--steps', arg.slice(1)] : [arg]))];
}

/** The known names closest to a mistyped one (edit distance at most 2), best first. */
export function closest(name: string, known: string[]): string[] {
  return known
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export const ALEMBIC_VERBS = ['current', 'heads', 'upgrade', 'downgrade', 'revision'];

/** Arguments as a shell would need them typed: one with a space or quote is single-quoted. */
function shellWords(args: string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
}

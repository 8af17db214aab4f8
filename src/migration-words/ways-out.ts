/**
 * The `db` command's sub-commands and flags, in one typed table. The command definitions
 * (src/db-cli/commands) take their flags from it, and every way out the wording prints is built
 * from it with `wayOut`, so renaming a flag or a command fails the type-check wherever advice
 * still names the old one. A flag is `true` (a switch) or the placeholder of its value.
 *
 * How the command itself is typed where the words are read comes from MIGRATION_COMMAND: `npm
 * run db --` in a checkout, `docker compose run --rm migrate node dist/src/db-cli/main.js` beside
 * a compose stack; every way out starts with it, so it can be pasted as printed.
 */
export const DEFAULT_DB_COMMAND = 'npm run db --';

const JSON_FLAG = { json: true } as const;

export const DB_COMMANDS = {
  status: { short: true, 'allow-contract': true, ...JSON_FLAG },
  history: { verbose: true, offline: true, last: true, ...JSON_FLAG },
  up: {
    to: 'NAME',
    steps: 'N',
    contract: true,
    'dry-run': true,
    'allow-out-of-order': true,
    'kill-blockers': true,
    force: true,
    ...JSON_FLAG,
  },
  down: { steps: 'N', to: 'NAME', force: true, ...JSON_FLAG },
  sql: {
    down: true,
    from: 'NAME',
    to: 'NAME',
    pending: true,
    contract: true,
    steps: 'N',
    dialect: 'mysql|mariadb',
    ...JSON_FLAG,
  },
  plan: JSON_FLAG,
  stamp: { force: true, ...JSON_FLAG },
  verify: JSON_FLAG,
  repair: { checksums: true, ...JSON_FLAG },
  resolve: { 'rolled-back': true, applied: true, ...JSON_FLAG },
  lint: JSON_FLAG,
  drift: JSON_FLAG,
  create: { name: 'NAME', blank: true, split: true, ...JSON_FLAG },
  split: JSON_FLAG,
  rename: JSON_FLAG,
  snapshot: JSON_FLAG,
  check: { roundtrip: true, ...JSON_FLAG },
} as const satisfies Record<string, Record<string, true | string>>;

export type DbCommandName = keyof typeof DB_COMMANDS;

/** The flags of one command, each given as `true` (a switch) or its value. */
export type FlagsOf<C extends DbCommandName> = {
  [F in keyof (typeof DB_COMMANDS)[C]]?: (typeof DB_COMMANDS)[C][F] extends true ? true : string;
};

/**
 * One way out as it is typed: `<db> <command> [positionals…] [--flag [value]…]`, e.g.
 * `wayOut(db, 'up', [], { contract: true })` → `npm run db -- up --contract`.
 */
export function wayOut<C extends DbCommandName>(
  db: string,
  command: C,
  positionals: string[] = [],
  flags: FlagsOf<C> = {},
): string {
  return `${db} ${commandWords(command, positionals, flags)}`;
}

/** The sub-command and its arguments alone, e.g. `up --contract`, for where the db command is understood. */
export function commandWords<C extends DbCommandName>(
  command: C,
  positionals: string[] = [],
  flags: FlagsOf<C> = {},
): string {
  const words: string[] = [command, ...positionals];
  for (const [flag, value] of Object.entries(flags)) {
    if (value !== undefined) {
      words.push(`--${flag}`, ...(value === true ? [] : [String(value)]));
    }
  }
  return words.join(' ');
}

/** The `up` that applies a migration of this phase: a contract one needs `up --contract`. */
export function upFor(phase: 'expand' | 'contract' | undefined): FlagsOf<'up'> {
  return phase === 'contract' ? { contract: true } : {};
}

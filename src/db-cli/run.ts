import { parseArgs } from 'node:util';
import {
  dbCommandOf,
  loadConfig,
  readEnvironment,
  type Environment,
  type MigrationConfig,
} from '../config/app-config.js';
import { failureText } from '../lifecycle/expected-errors.js';
import { isMigrationError, type MigrationErrorKind } from '../migrator/index.js';
import { DEFAULT_DB_COMMAND, explain } from '../migration-words/index.js';
import type { Command, Flags } from './command.js';
import { ALEMBIC_VERBS, closest, relativeSteps, translateAlembic } from './alembic-verbs.js';
import { checkCommand } from './commands/check.js';
import { createCommand } from './commands/create.js';
import { driftCommand } from './commands/drift.js';
import { historyCommand } from './commands/history.js';
import { repairCommand, resolveCommand, verifyCommand } from './commands/integrity.js';
import { lintCommand } from './commands/lint.js';
import { planCommand } from './commands/plan.js';
import { renameCommand } from './commands/rename.js';
import { snapshotCommand } from './commands/snapshot.js';
import { splitCommand } from './commands/split.js';
import { sqlCommand } from './commands/sql.js';
import { stampCommand } from './commands/stamp.js';
import { statusCommand } from './commands/status.js';
import { downCommand, upCommand } from './commands/up-down.js';
import { CommandContext } from './context.js';
import { ReplicaWaitError } from './replica-wait.js';
import { EXIT, UsageError } from './exit-codes.js';

export const COMMANDS: Command[] = [
  statusCommand,
  historyCommand,
  upCommand,
  downCommand,
  sqlCommand,
  planCommand,
  stampCommand,
  verifyCommand,
  repairCommand,
  resolveCommand,
  lintCommand,
  driftCommand,
  createCommand,
  splitCommand,
  renameCommand,
  snapshotCommand,
  checkCommand,
];

function overviewHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: npm run -s db -- <command> [options]     (production: node dist/src/db-cli/main.js <command>)',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Every command takes --help and --json. Settings come from the environment (DATABASE_URL, …; see .env.example).',
    "Alembic's verbs work too (current, heads, upgrade, downgrade, revision, stamp, history, check): each says which command it runs.",
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `Usage: npm run -s db -- ${command.usage}`,
    '',
    command.summary,
    '',
    ...command.details.map((line) => `  ${line}`),
  ].join('\n');
}

function migrationFlags(flags: Record<string, unknown>): Partial<MigrationConfig> {
  const overrides: Partial<MigrationConfig> = {};
  if (flags.force) {
    overrides.force = true;
  }
  if (flags['allow-out-of-order']) {
    overrides.allowOutOfOrder = true;
  }
  if (flags.json) {
    overrides.logFormat = 'json';
  }
  if (flags['kill-blockers']) {
    overrides.killBlockers = true;
  }
  if (flags.contract) {
    overrides.contract = true;
  }
  if (flags.split) {
    overrides.split = true;
  }
  return overrides;
}

/**
 * Runs one `db` command. `out` gets the command's output; `note` the line that says which
 * project command an Alembic verb was taken as (stderr, so piped output stays clean).
 */
export async function runDbCli(
  argv: string[],
  out: (text: string) => void,
  env: Environment = readEnvironment(),
  note: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
  const alembic = translateAlembic(argv, dbCommandOf(env));
  if (alembic) {
    note(alembic.note);
  }
  const [name, ...rest] = relativeSteps(alembic?.argv ?? argv);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(overviewHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const names = COMMANDS.map((item) => item.name);
    const guesses = closest(name, [...names, ...ALEMBIC_VERBS]).map((guess) => `\`${guess}\``);
    const hint = guesses.length > 0 ? `; did you mean ${guesses.join(' or ')}?` : '';
    throw new UsageError(`unknown command "${name}"${hint} Commands: ${names.join(', ')}`);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${flagProblem(error, command)} (see \`db ${command.name} --help\`)`);
  }
  if (parsed.values.help) {
    out(commandHelp(command));
    return EXIT.ok;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new UsageError(`usage: db ${command.usage}`);
  }
  const ctx = new CommandContext(
    loadConfig(env),
    Boolean(parsed.values.json),
    out,
    migrationFlags(parsed.values),
    command.needsEntities,
    command.createsDatabase,
    note,
  );
  try {
    return await command.run(ctx, parsed.values as Flags, parsed.positionals);
  } finally {
    await ctx.close();
  }
}

/** Node's parseArgs error, said in the command's terms: which flag, and the ones the command takes. */
function flagProblem(error: unknown, command: Command): string {
  const { code, message } = error as { code?: string; message: string };
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const takes = Object.keys(command.options).map((name) => `--${name}`);
    const guess = closest(flag.replace(/^-+/, ''), Object.keys(command.options)).map((name) => `--${name}`);
    const hint = guess.length > 0 ? `; did you mean ${guess.join(' or ')}?` : '.';
    return `\`db ${command.name}\` has no option ${flag}${hint} It takes: ${takes.join(', ') || 'no options'}`;
  }
  return message.split('\n')[0];
}

/**
 * The exit code of each kind of engine error (docs/migrations.md, "Exit codes"): a Record over
 * every kind, so a new kind fails the type-check until it has one.
 */
const EXIT_OF_KIND: Record<MigrationErrorKind, number> = {
  // A NAME that does not fit is a bad value on the command line, like a bad flag.
  'unknown-migration': EXIT.usage,
  'not-applied': EXIT.usage,
  'rename-refused': EXIT.usage,
  snapshot: EXIT.snapshot,
  replay: EXIT.error,
  'stamp-refused': EXIT.error,
  'ddl-lock-timeout': EXIT.lockWait,
  'data-check': EXIT.heldBack,
  'pin-refused': EXIT.heldBack,
  'plan-failure': EXIT.heldBack,
  blocked: EXIT.error,
  destructive: EXIT.error,
  'force-required': EXIT.error,
  blocking: EXIT.error,
  'expand-phase': EXIT.error,
  'contract-first': EXIT.contractFirst,
  failed: EXIT.error,
  'online-change-failed': EXIT.error,
  'not-failed': EXIT.error,
  'lock-timeout': EXIT.error,
  source: EXIT.error,
  'scratch-database': EXIT.error,
  'trigger-rights': EXIT.error,
  'not-the-writer': EXIT.error,
};

export function describeFailure(error: unknown, db = DEFAULT_DB_COMMAND): { code: number; text: string } {
  if (error instanceof UsageError) {
    return { code: EXIT.usage, text: error.message };
  }
  if (error instanceof ReplicaWaitError) {
    return { code: EXIT.replicaWait, text: error.message };
  }
  if (isMigrationError(error)) {
    return { code: EXIT_OF_KIND[error.kind], text: explain(error, db) };
  }
  return { code: EXIT.error, text: failureText(error) };
}

import type { ParseArgsConfig } from 'node:util';
import { DB_COMMANDS, type DbCommandName } from '../migration-words/index.js';
import type { CommandContext } from './context.js';

export type Flags = Record<string, string | boolean | undefined>;

/** One `db` sub-command: its help, its flags, and what it does. Returns the exit code. */
export interface Command {
  /** A name of the engine's table of commands (DB_COMMANDS), which the ways out are built from. */
  name: DbCommandName;
  summary: string;
  usage: string;
  /** Extra lines of help: what each flag does. */
  details: string[];
  /** Its flags: `optionsOf(name)`, from the same table. */
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  /** Whether the command needs the entity metadata (it compares entities with the database). */
  needsEntities?: boolean;
  /** Whether the command sets a database up, and so may create a missing one (up, stamp). */
  createsDatabase?: boolean;
  run(ctx: CommandContext, flags: Flags, positionals: string[]): Promise<number>;
}

/** A command's flags for Node's parseArgs, from the table the ways out are built from (DB_COMMANDS). */
export function optionsOf(name: DbCommandName): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(DB_COMMANDS[name]).map(([flag, kind]) => [flag, { type: kind === true ? 'boolean' : 'string' }]),
  );
}

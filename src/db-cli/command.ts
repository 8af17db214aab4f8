import type { ParseArgsConfig } from 'node:util';
import type { CommandContext } from './context.js';

export type Flags = Record<string, string | boolean | undefined>;

/** One `db` sub-command: its help, its flags, and what it does. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra lines of help: what each flag does. */
  details: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  /** Whether the command needs the entity metadata (it compares entities with the database). */
  needsEntities?: boolean;
  /** Whether the command sets a database up, and so may create a missing one (up, stamp). */
  createsDatabase?: boolean;
  run(ctx: CommandContext, flags: Flags, positionals: string[]): Promise<number>;
}

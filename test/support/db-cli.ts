import { describeFailure, runDbCli } from '../../src/db-cli/index.js';
import { startBin, type CliOptions, type CliResult, type RunningBin } from './run-cli.js';

export interface DbResult {
  code: number;
  output: string;
  /** What went to stderr besides errors: the line naming the command an Alembic verb ran. */
  notes: string;
}

/** `npm run db -- <args>` in this process (fast): same parsing, output and exit codes as the real entry. */
export async function db(args: string[], databaseUrl: string, env: Record<string, string> = {}): Promise<DbResult> {
  const lines: string[] = [];
  const notes: string[] = [];
  let code: number;
  try {
    code = await runDbCli(
      args,
      (text) => lines.push(text),
      { DATABASE_URL: databaseUrl, NODE_ENV: 'test', DATABASE_CONNECT_RETRIES: '0', ...env },
      (text) => notes.push(text),
    );
  } catch (error) {
    const failure = describeFailure(error);
    lines.push(`error: ${failure.text}`);
    code = failure.code;
  }
  return { code, output: lines.join('\n'), notes: notes.join('\n') };
}

/** The real `db` entry point as a child process (TypeScript sources through the SWC loader). */
export function dbProcess(args: string[], databaseUrl: string, options: CliOptions = {}): Promise<CliResult> {
  return startDbProcess(args, databaseUrl, options).done;
}

export function startDbProcess(args: string[], databaseUrl: string, options: CliOptions = {}): RunningBin {
  return startBin('node', ['--import', '@swc-node/register/esm-register', 'src/db-cli/main.ts', ...args], {
    ...options,
    env: { DATABASE_URL: databaseUrl, DATABASE_CONNECT_RETRIES: '0', ...options.env },
  });
}

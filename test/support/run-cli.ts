import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { delimiter, join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, colour codes removed. */
  output: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
}

export interface RunningBin {
  /** Everything printed so far, colour codes removed. */
  output(): string;
  kill(signal?: NodeJS.Signals): void;
  done: Promise<CliResult>;
}

// eslint-disable-next-line no-control-regex
const stripColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Starts a command of node_modules/.bin the way a user's `npx <command>` does: Node 24 from the
 * project first on PATH, in the project root (or `cwd`), with only the given variables on top
 * of a minimal environment so nothing from the developer's shell leaks in.
 */
export function startBin(bin: string, args: string[], options: CliOptions = {}): RunningBin {
  const cwd = options.cwd ?? PROJECT_ROOT;
  const env = {
    PATH: [join(cwd, 'node_modules', '.bin'), join(PROJECT_ROOT, 'node_modules', '.bin'), process.env.PATH].join(
      delimiter,
    ),
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...options.env,
  };
  const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', bin), args, { cwd, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, output: stripColours(`${stdout}${stderr}`) }));
  });
  return { output: () => stripColours(`${stdout}${stderr}`), kill: (signal) => child.kill(signal), done };
}

export function runBin(bin: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startBin(bin, args, options).done;
}

/** `npx mikro-orm <args>` against the given database URL. */
export function mikroOrm(args: string[], databaseUrl: string, options: CliOptions = {}): Promise<CliResult> {
  return runBin('mikro-orm', args, { ...options, env: { DATABASE_URL: databaseUrl, ...options.env } });
}

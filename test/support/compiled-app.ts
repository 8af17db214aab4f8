import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './run-cli.js';
import { freePort } from './free-port.js';
import { productionEnvironment, waitUntilReady } from './app-process.js';

export interface CompiledApp {
  base: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

const node = process.execPath;

/** Applies the migrations with the compiled `db` command, as the production job would. */
export async function migrateCompiled(databaseUrl: string): Promise<void> {
  const child = spawn(node, [join(PROJECT_ROOT, 'dist/src/db-cli/main.js'), 'up'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`migrations failed (exit ${code})`);
  }
}

/** `node dist/main.js` with production settings on a free port; resolves once /health/ready answers 200. */
export async function startCompiledApp(databaseUrl: string, env: Record<string, string> = {}): Promise<CompiledApp> {
  const port = await freePort();
  let output = '';
  const child = spawn(node, [join(PROJECT_ROOT, 'dist/main.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...productionEnvironment(databaseUrl, port, env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, base, 'the app', () => output, 30_000);
  return {
    base,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { productionEnvironment, waitUntilReady } from './app-process.js';
import { createScratchProject } from './scratch-project.js';

/** One build of the app: a scratch copy of the project, possibly edited (its entities, migrations). */
export interface Release {
  label: string;
  dir: string;
  remove(): Promise<void>;
}

/** A release running as its own process, as one replica of a rolling deploy. */
export interface RunningRelease {
  label: string;
  base: string;
  output(): string;
  stop(): Promise<void>;
}

export async function createRelease(label: string, from?: Release): Promise<Release> {
  const project = await createScratchProject(from?.dir);
  return { label, ...project };
}

/** Rewrites one file of a release; fails when the edit changed nothing (a pattern that no longer matches). */
export async function editFile(release: Release, path: string, edit: (source: string) => string): Promise<void> {
  const file = join(release.dir, path);
  const source = await readFile(file, 'utf8');
  const edited = edit(source);
  if (edited === source) {
    throw new Error(`editing ${path} of release ${release.label} changed nothing`);
  }
  await writeFile(file, edited);
}

/**
 * Starts a release from its TypeScript sources (the SWC loader, as `start:dev` does) with
 * production settings on a free port (plus `env`); resolves once its /health/ready answers 200.
 */
export async function startRelease(
  release: Release,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RunningRelease> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: release.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...productionEnvironment(databaseUrl, port, env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, base, `release ${release.label}`, () => output, 60_000);
  return {
    label: release.label,
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/run-cli.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws on a non-zero exit (the caller asserts). */
export function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Like run, but a non-zero exit throws with what the command printed. */
export async function must(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** The stand-ins (test/compose/stand-ins.sh) or, with COMPOSE_STAND_INS=0, the real images the engine already has. */
export const STAND_INS = process.env.COMPOSE_STAND_INS !== '0';

/** `docker compose` (v2) on the project's own files, as a user runs them, plus the stand-in override. */
export class Compose {
  constructor(
    readonly project: string,
    readonly env: Record<string, string>,
    /** Files over docker-compose.yml, as a user names them (e.g. docker-compose.replicas.yml). */
    private readonly overrides: string[] = [],
  ) {}

  private get files(): string[] {
    return [
      '-f',
      'docker-compose.yml',
      ...this.overrides.flatMap((file) => ['-f', file]),
      ...(STAND_INS ? ['-f', 'test/compose/docker-compose.stand-ins.yml'] : []),
    ];
  }

  run(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return run('docker', ['compose', '-p', this.project, ...this.files, ...args], { env: { ...this.env, ...env } });
  }

  async must(args: string[], env: Record<string, string> = {}): Promise<string> {
    const result = await this.run(args, env);
    if (result.code !== 0) {
      throw new Error(`docker compose ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout + result.stderr;
  }

  /** Container ids of a service, running or not. */
  async containers(service: string, all = false): Promise<string[]> {
    const out = await must('docker', [
      'ps',
      ...(all ? ['-a'] : []),
      '-q',
      '--no-trunc',
      '--filter',
      `label=com.docker.compose.project=${this.project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    ]);
    return out.split('\n').filter(Boolean);
  }
}

export async function inspect<T = Record<string, any>>(id: string): Promise<T> {
  return (JSON.parse(await must('docker', ['inspect', id])) as T[])[0];
}

/**
 * A copy of what the image is built from (the Dockerfile's inputs), for a release that differs
 * from the work tree: `change` edits the copy before it is built. Built by `docker compose build`
 * as the stack's own image is, so it shares that build's cache (BuildKit's; the classic builder
 * behind a bare `docker build` has a cache of its own and rebuilt every layer).
 */
export async function buildRelease(
  tag: string,
  nodeImage: string | undefined,
  change: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'life-platter-release-'));
  try {
    for (const entry of [
      'Dockerfile',
      '.dockerignore',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'mikro-orm.config.ts',
      'scripts/write-dist-entry.mjs',
      'src',
      'migrations',
    ]) {
      await cp(join(PROJECT_ROOT, entry), join(dir, entry), { recursive: true });
    }
    await change(dir);
    const build = {
      context: dir,
      target: 'runtime',
      network: 'host',
      ...(nodeImage ? { args: { NODE_IMAGE: nodeImage } } : {}),
    };
    await writeFile(
      join(dir, 'release.compose.json'),
      JSON.stringify({ services: { release: { image: tag, build } } }),
    );
    await must('docker', ['compose', '-p', 'lp_release_build', '-f', join(dir, 'release.compose.json'), 'build']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

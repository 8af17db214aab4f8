import type { ChildProcess } from 'node:child_process';

/** The environment an app process under test runs with: production settings on 127.0.0.1, quiet logs, no rate limit. */
export function productionEnvironment(databaseUrl: string, port: number, env: Record<string, string>) {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  };
}

/**
 * Polls `base`/health/ready until it answers 200; fails with the process's output when it exits
 * first or takes longer than `timeoutMs` (then it is killed).
 */
export async function waitUntilReady(
  child: ChildProcess,
  base: string,
  what: string,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${what} exited with ${child.exitCode}: ${output()}`);
    }
    const ready = await fetch(`${base}/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) {
      return;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} was not ready within ${timeoutMs / 1000} s: ${output()}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

import { productionEnvironment } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { startBin } from '../support/run-cli.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { migrateUp } from '../support/test-app.js';
import { testConfig } from '../support/test-env.js';
import { waitFor } from '../support/wait-for.js';

const REQUESTS = 500;

async function untilReady(base: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) {
      throw new Error(`the app was not ready within 60 s: ${output()}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * The request log writes to stdout without blocking and in batches (logging.module.ts): lines
 * wait in memory until 4 KiB or 250 ms. A quiet server's line must still come out soon, and none
 * may be lost when the process ends, whether it stops on SIGTERM or dies of an uncaught exception
 * right after answering.
 */
describe('request log: no line lost when the process ends', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase('log_flush');
    await migrateUp(testConfig(db.name));
  });

  afterAll(() => db.drop());

  async function startApp(preload: string[] = []) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = startBin('node', ['--import', '@swc-node/register/esm-register', ...preload, 'src/main.ts'], {
      env: productionEnvironment(db.url, port, { LOG_LEVEL: 'info' }),
    });
    await untilReady(base, () => app.output());
    return { app, base };
  }

  async function serveThenEnd(
    end: 'SIGTERM' | 'SIGUSR2',
  ): Promise<{ answered: number; logged: number; code: number | null }> {
    const { app, base } = await startApp(end === 'SIGUSR2' ? ['--import', './test/support/crash-on-signal.mjs'] : []);
    // Many at once, so that lines pile up behind a write in flight.
    const statuses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) => fetch(`${base}/cookings/${i + 1}`).then((r) => r.status)),
    );
    app.kill(end);
    const result = await app.done;
    const logged = result.stdout.split('\n').filter((line) => line.includes('"msg":"GET /cookings/')).length;
    return { answered: statuses.length, logged, code: result.code };
  }

  it("a quiet server: one request's line reaches stdout soon, not only when 4 KiB have piled up", async () => {
    const { app, base } = await startApp();
    try {
      const requestId = `quiet-${Date.now()}`;
      expect((await fetch(`${base}/cookings/1`, { headers: { 'x-request-id': requestId } })).status).toBe(404);
      // The batch is written after 250 ms at the latest; 5 s leaves room for a busy machine.
      await waitFor(() => Promise.resolve(app.output().includes(requestId)), "the quiet request's line", 5_000);
      expect(app.output()).toContain(`"req":{"id":"${requestId}","method":"GET","path":"/cookings/1"}`);
    } finally {
      app.kill('SIGTERM');
      await app.done;
    }
  });

  it('SIGTERM: every answered request has its line', async () => {
    const { answered, logged, code } = await serveThenEnd('SIGTERM');
    expect({ answered, logged, code }).toEqual({ answered: REQUESTS, logged: REQUESTS, code: 0 });
  });

  it('a crash (an uncaught exception) right after the last answer: every line is still written', async () => {
    const { answered, logged, code } = await serveThenEnd('SIGUSR2');
    expect({ answered, logged }).toEqual({ answered: REQUESTS, logged: REQUESTS });
    expect(code).not.toBe(0);
  });
});

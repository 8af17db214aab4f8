import { Compose, inspect, STAND_INS } from './engine.js';

/**
 * The stack the compose test brings up: the project's own docker-compose.yml under a project name
 * of its own, its settings, and the small steps the cases share.
 */
export const PROJECT = 'lp_compose_test';
export const PORT = Number(process.env.COMPOSE_TEST_PORT ?? 18_080);
export const BASE = `http://127.0.0.1:${PORT}`;
export const ROOT_PASSWORD = 'compose-test-root';
export const APP = { user: 'life_app', password: 'compose-test-app' };
export const V2 = 'Migration20991231000000';

export const compose = new Compose(PROJECT, {
  HTTP_PORT: String(PORT),
  APP_VERSION: 'compose-test',
  MYSQL_ROOT_PASSWORD: ROOT_PASSWORD,
  APP_PASSWORD: APP.password,
  MIGRATOR_PASSWORD: 'compose-test-migrator',
  // The rolling deploy's request loop sends far more than a person would.
  RATE_LIMIT_PER_MINUTE: '0',
  ...(STAND_INS
    ? {
        STAND_IN_NODE: process.env.STAND_IN_NODE!,
        MYSQL_IMAGE: process.env.STAND_IN_MYSQL!,
        STAND_IN_NGINX: process.env.STAND_IN_NGINX!,
      }
    : {}),
});

export const sql = (query: string, user = 'root', password = ROOT_PASSWORD) =>
  compose.run([
    'exec',
    '-T',
    'db',
    'mysql',
    '-h127.0.0.1',
    `-u${user}`,
    `-p${password}`,
    '-N',
    'life_platter',
    '-e',
    query,
  ]);

export const waitFor = async (what: string, test: () => Promise<boolean>, timeoutMs = 120_000) => {
  const started = Date.now();
  while (!(await test())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

export const status = async (path: string, init?: RequestInit) =>
  (await fetch(`${BASE}${path}`, init).catch(() => undefined))?.status;
/** As docs/deploy.md says to after each replica change: nginx resolves `api` again, old workers finish. */
export const reloadNginx = async () => {
  await compose.must(['exec', '-T', 'nginx', 'nginx', '-s', 'reload']);
  await new Promise((resolve) => setTimeout(resolve, 1000));
};
export const healthy = async (id: string) => (await inspect(id)).State?.Health?.Status === 'healthy';

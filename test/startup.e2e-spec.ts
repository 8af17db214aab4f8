import { runBin } from './support/run-cli.js';

/** The app as `npm run start:dev` runs it, from the TypeScript sources. */
function startApp(env: Record<string, string>) {
  return runBin('node', ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    env: { LOG_LEVEL: 'error', ...env },
  });
}

describe('start-up with bad settings', () => {
  it('stops with one line naming the variable and exit code 1', async () => {
    const result = await startApp({ PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: Invalid environment variable PORT: must be a whole number from 0 to 65535 (got "eighty")',
    );
  });

  it('stops with one line when the database cannot be reached, without echoing the password', async () => {
    const result = await startApp({
      DATABASE_URL: 'mysql://app:supersecret@127.0.0.1:1/life_platter',
      DATABASE_CONNECT_RETRIES: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: cannot connect to MySQL at 127.0.0.1:1 (ECONNREFUSED) — is the database container running? Set DATABASE_URL to point elsewhere.',
    );
    expect(result.output).not.toContain('supersecret');
  });
});

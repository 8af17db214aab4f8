import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';
import { PROJECT_ROOT } from '../support/run-cli.js';

/** Runs scripts/NAME with bash and this environment added; resolves with its exit code and output. */
function runScript(name: string, args: string[], env: Record<string, string>) {
  const child = spawn('bash', [join(PROJECT_ROOT, 'scripts', name), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * scripts/ensure-mysql.sh as the suites call it: several at once (the two replica suites each
 * build the chroot when it is missing), and next to servers that are not its own. debootstrap
 * and chroot are stand-ins on PATH here: what is tested is the script's locking, its rename into
 * place and its refusal of a foreign server, not Debian's tools.
 */
describe('scripts/ensure-mysql.sh run concurrently and next to other servers', () => {
  let dir: string;
  let fakeBin: string;

  const environment = (env: Record<string, string> = {}) => ({
    PATH: `${fakeBin}:${process.env.PATH ?? ''}`,
    MYSQL_CHROOT: join(dir, 'sid'),
    ...env,
  });
  const run = (args: string[]) => runScript('ensure-mysql.sh', args, environment());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-ensure-mysql-'));
    fakeBin = join(dir, 'bin');
    await mkdir(fakeBin);
    // debootstrap … sid TARGET MIRROR: records the call, takes a while, leaves an executable mysqld.
    await writeFile(
      join(fakeBin, 'debootstrap'),
      `#!/bin/sh\necho "$4" >> "${join(dir, 'debootstrap-calls')}"\nsleep 2\n` +
        'mkdir -p "$4/usr/sbin" && printf "#!/bin/sh\\n" > "$4/usr/sbin/mysqld" && chmod +x "$4/usr/sbin/mysqld"\n',
    );
    await writeFile(join(fakeBin, 'chroot'), '#!/bin/sh\nexit 0\n');
    await Promise.all(['debootstrap', 'chroot'].map((name) => chmod(join(fakeBin, name), 0o755)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds the chroot once when two runs start together, and leaves no partial folder', async () => {
    // Both used to debootstrap into the same sid.partial at once; 8 replica tests failed.
    const [first, second] = await Promise.all([run(['--chroot']), run(['--chroot'])]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect([first.stdout.trim(), second.stdout.trim()]).toEqual([join(dir, 'sid'), join(dir, 'sid')]);
    const calls = (await readFile(join(dir, 'debootstrap-calls'), 'utf8')).trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(new RegExp(`^${dir}/sid\\.partial\\.\\w+$`));
    const left = (await readdir(dir)).filter((name) => name.includes('partial'));
    expect(left).toEqual([]);
    expect((await readdir(join(dir, 'sid', 'usr', 'sbin'))).sort()).toEqual(['mysqld']);
  });

  describe('with another server on the port', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      server = createServer((socket) => socket.end());
      await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    });
    afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

    it('refuses it rather than hand out its URL', async () => {
      // It printed mysql://root@127.0.0.1:PORT/ for whatever listened there.
      const result = await run(['--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `ensure-mysql: something else listens on 127.0.0.1:${port}: not the mysqld of ${join(dir, 'sid')}`,
      );
    });

    it('npm run test:mysql stops before running a test against it', async () => {
      const result = await runScript('test-mysql.sh', [], environment({ MYSQL_PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`something else listens on 127.0.0.1:${port}`);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/Tests:/);
    });
  });
});

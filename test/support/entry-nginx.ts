import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './run-cli.js';

const execFileAsync = promisify(execFile);

export interface EntryNginx {
  port: number;
  stop(): Promise<void>;
}

/**
 * The compose entry point without a Docker engine: Debian's nginx runs the project's own
 * docker/nginx files, with only what compose provides swapped in (the api's address, the
 * listening port, the paths the files are mounted at).
 */
export async function startEntryNginx(apiPort: number): Promise<EntryNginx> {
  try {
    await execFileAsync('bash', [join(PROJECT_ROOT, 'scripts/ensure-nginx.sh')]);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`nginx is needed and could not be installed: ${detail}`, { cause: error });
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'lp-nginx-'));
  await mkdir(join(dir, 'conf.d'));
  await mkdir(join(dir, 'njs'));
  const source = (name: string) => readFile(join(PROJECT_ROOT, 'docker/nginx', name), 'utf8');
  await writeFile(
    join(dir, 'nginx.conf'),
    (await source('nginx.conf'))
      .replace('/etc/nginx/conf.d/', `${dir}/conf.d/`)
      .replace('/etc/nginx/njs/', `${dir}/njs/`),
  );
  await writeFile(
    join(dir, 'conf.d', 'default.conf'),
    (await source('default.conf'))
      .replace('server api:3000 ', `server 127.0.0.1:${apiPort} `)
      .replace('listen 8080;', `listen 127.0.0.1:${port};`),
  );
  await writeFile(join(dir, 'njs', 'uri.js'), await source('uri.js'));
  const child: ChildProcess = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${errors}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        await new Promise((done) => {
          child.once('exit', done);
          child.kill('SIGQUIT');
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

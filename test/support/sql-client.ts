import { spawn, spawnSync } from 'node:child_process';
import type { DatabaseTarget } from '../../src/config/database-url.js';

/** The command-line client a DBA would pipe SQL into: `mariadb`, else `mysql`. */
export function sqlClient(): string {
  for (const candidate of ['mariadb', 'mysql']) {
    if (spawnSync(candidate, ['--version']).status === 0) {
      return candidate;
    }
  }
  throw new Error('neither the mariadb nor the mysql command-line client is installed');
}

/** Pipes `sql` into the client for `target`; resolves with its exit code and stderr. */
export function pipeSql(target: DatabaseTarget, sql: string): Promise<{ code: number | null; stderr: string }> {
  const args = [
    '-h',
    target.host,
    '-P',
    String(target.port),
    '-u',
    target.user,
    '--default-character-set=utf8mb4',
    target.database,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(sqlClient(), args, { env: { ...process.env, MYSQL_PWD: target.password }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(sql);
  });
}

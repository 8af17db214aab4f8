/**
 * Fails the whole run at once, in one line, when the test server cannot be reached.
 * Jest loads this file outside its ESM module graph (no path mapping), so it imports packages only.
 */
import { createConnection } from 'mysql2/promise';

export default async function globalSetup(): Promise<void> {
  const url = new URL(
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/life_platter',
  );
  const where = `${url.hostname}:${url.port || 3306}`;
  try {
    const connection = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
      connectTimeout: 5_000,
    });
    const [rows] = await connection.query('SELECT VERSION() AS version');
    await connection.end();
    process.stdout.write(`\ntests use the database server ${(rows as [{ version: string }])[0].version} at ${where}\n`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    process.stderr.write(
      `\nThe tests need MySQL or MariaDB and could not reach one at ${where} (${reason}). ` +
        'Start it, or point the tests elsewhere: DATABASE_URL=mysql://user:password@host:3306/any_name npm test\n',
    );
    process.exit(1);
  }
}

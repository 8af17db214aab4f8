import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { dbProcess } from './support/db-cli.js';
import { migrationSource } from './support/migration-source.js';
import { PrivateMariaDb, privateServerUnavailable } from './support/private-mariadb.js';
import { createScratchProject } from './support/scratch-project.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// MariaDB names metadata-lock holders only through its metadata_lock_info plugin, which the
// machine's server does not load: this suite starts a private one that does. (MySQL's
// performance_schema source is covered in migration-lock-wait.e2e-spec.ts on the MySQL run.)
const unavailable = privateServerUnavailable();
const describeWithServer = unavailable ? describe.skip : describe;
if (unavailable) {
  process.stdout.write(`lock wait (metadata_lock_info): skipped, ${unavailable}\n`);
}

describeWithServer('blockers named from MariaDB metadata_lock_info (a private server with the plugin loaded)', () => {
  let server: PrivateMariaDb;
  let project: Awaited<ReturnType<typeof createScratchProject>>;
  const url = () => server.url('life_platter_mdl');

  beforeAll(async () => {
    server = await PrivateMariaDb.create();
    await server.start(['--plugin-load-add=metadata_lock_info']);
    project = await createScratchProject();
    expect((await dbProcess(['up'], url(), { cwd: project.dir })).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await server?.destroy();
  });

  it('names the holder of the lock on the table, not an older transaction elsewhere', async () => {
    const connect = () =>
      createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database: 'life_platter_mdl' });
    const elsewhere = await connect();
    const holder = await connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT * FROM ingredients');
      await sleep(1_100);
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM cookings');
      const [rows] = await holder.query('SELECT connection_id() AS id');
      const holderId = Number((rows as { id: number }[])[0].id);
      await writeFile(
        join(project.dir, 'migrations', 'Migration20991231000009.ts'),
        migrationSource(
          'Migration20991231000009',
          ['alter table `cookings` add `note9` varchar(20) null'],
          ['alter table `cookings` drop column `note9`'],
        ),
      );
      const refused = await dbProcess(['up'], url(), { cwd: project.dir, env: { MIGRATION_DDL_RETRY_FOR: '2' } });
      expect(refused.code).toBe(7);
      expect(refused.stdout).toMatch(
        new RegExp(
          `blocked by connection ${holderId} \\(root@[^)]*\\), transaction open \\d+ s, Sleep, idle \\[holds a lock on the table\\]`,
        ),
      );
      expect(refused.stderr).toMatch(new RegExp(`Blocked by:\\n {2}- connection ${holderId} \\(`));
      expect(refused.stderr).not.toMatch(/\[open transaction\]/);
    } finally {
      await holder.end();
      await elsewhere.end();
    }
  });
});

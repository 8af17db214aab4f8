import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { blockerScene, type BlockerScene } from '../support/blocker-scene.js';
import { dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { PrivateMariaDb, privateServerUnavailable } from '../support/private-mariadb.js';
import { createScratchProject } from '../support/scratch-project.js';

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

  it('--kill-blockers ends the holders the plugin names; an innocent open transaction on another table survives', async () => {
    await killBlockersCase(server, project, 'life_platter_mdl', 'Migration20991231000012', { installs: false });
  });
});

/**
 * A MariaDB without the plugin loaded, where the migrator may install it (a private server has
 * no grant tables: every account has every right). Before, --kill-blockers ended every open
 * transaction of the database here, the innocent one on ingredients included.
 */
describeWithServer(
  '--kill-blockers on a MariaDB without metadata_lock_info (a private server; the run installs it)',
  () => {
    let server: PrivateMariaDb;
    let project: Awaited<ReturnType<typeof createScratchProject>>;

    beforeAll(async () => {
      server = await PrivateMariaDb.create();
      await server.start();
      project = await createScratchProject();
      expect((await dbProcess(['up'], server.url('life_platter_kill'), { cwd: project.dir })).code).toBe(0);
    });
    afterAll(async () => {
      await project?.remove();
      await server?.destroy();
    });

    it('installs the plugin, says so, and ends exactly the holders; the innocent transaction survives', async () => {
      await killBlockersCase(server, project, 'life_platter_kill', 'Migration20991231000013', { installs: true });
    });
  },
);

async function killBlockersCase(
  server: PrivateMariaDb,
  project: Awaited<ReturnType<typeof createScratchProject>>,
  database: string,
  migration: string,
  { installs }: { installs: boolean },
): Promise<void> {
  const connect = () => createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database });
  const seed = await connect();
  await seed.query("INSERT INTO cookings (name) VALUES ('kill-blockers')");
  await seed.end();
  const column = migration.slice(-2);
  await writeFile(
    join(project.dir, 'migrations', `${migration}.ts`),
    migrationSource(
      migration,
      [`alter table \`cookings\` add \`note${column}\` varchar(20) null`],
      [`alter table \`cookings\` drop column \`note${column}\``],
    ),
  );
  let scene: BlockerScene | undefined;
  try {
    scene = await blockerScene(database, connect);
    const killed = await dbProcess(['up', '--kill-blockers'], server.url(database), {
      cwd: project.dir,
      env: { MIGRATION_DDL_RETRY_FOR: '30' },
    });
    expect(killed.code).toBe(0);
    if (installs) {
      expect(killed.stdout).toContain(
        "--kill-blockers: installed MariaDB's metadata_lock_info plugin (INSTALL SONAME 'metadata_lock_info')",
      );
    } else {
      expect(killed.stdout).not.toContain('metadata_lock_info plugin');
    }
    const ended = [
      ...killed.stdout.matchAll(/--kill-blockers: ended connection (\d+) .*\[holds a lock on the table\]/g),
    ];
    expect(ended.map((match) => Number(match[1])).sort()).toEqual(
      [scene.idleHolder.connectionId, scene.runningHolder.connectionId].sort(),
    );
    expect(await scene.alive(scene.innocent.connection)).toBe(true);
    expect(await scene.alive(scene.bystander)).toBe(true);
    expect(await scene.alive(scene.idleHolder.connection)).toBe(false);
  } finally {
    await scene?.end();
  }
}

import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { fillRows } from '../support/fill-rows.js';
import { migrationSource } from '../support/migration-source.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import {
  adminConnection,
  createScratchDatabase,
  queryDatabase,
  type ScratchDatabase,
} from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';

const ROWS = 300_000;
const ONLINE = "  online = 'pt-osc';\n";
const CHANGE = 'Migration20991231000001';
const KILLED = 'Migration20991231000002';

interface WriterReport {
  acknowledged: number;
  /** Writes that failed even after retrying a deadlock, as InnoDB asks. */
  errors: string[];
  /** Deadlocks retried (error 1213 "try restarting transaction"). */
  deadlocksRetried: number;
  maxLatencyMs: number;
}

const DEADLOCK = 1213;

describe("online = 'pt-osc': a table copy under writes, through pt-online-schema-change", () => {
  let database: ScratchDatabase;
  let project: { dir: string; remove(): Promise<void> };

  const run = (args: string[], env: Record<string, string> = {}) =>
    dbProcess(args, database.url, { cwd: project.dir, env });
  /** Count and checksum of the columns no migration here changes. */
  const fingerprint = async () =>
    (
      await queryDatabase<{ n: number; checksum: string }>(
        database.name,
        "SELECT COUNT(*) AS n, CAST(SUM(CRC32(CONCAT_WS('|', id, label))) AS CHAR) AS checksum FROM readings",
      )
    )[0];
  const leftovers = async () =>
    queryDatabase<{ name: string }>(
      database.name,
      `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
       UNION ALL SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '\\_readings\\_%'`,
    );
  const columnType = async (column: string) =>
    (
      await queryDatabase<{ type: string }>(
        database.name,
        "SELECT DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'readings' AND COLUMN_NAME = ?",
        [column],
      )
    )[0].type;

  /** Updates random rows' counters one at a time until stopped, timing each write. */
  const writer = () => {
    let stop = false;
    const done = (async (): Promise<WriterReport> => {
      const connection = await adminConnection(database.name);
      const report: WriterReport = { acknowledged: 0, errors: [], deadlocksRetried: 0, maxLatencyMs: 0 };
      try {
        while (!stop) {
          const id = 1 + Math.floor(Math.random() * ROWS);
          const started = performance.now();
          for (let attempt = 1; ; attempt++) {
            try {
              await connection.query('UPDATE readings SET counter = counter + 1 WHERE id = ?', [id]);
              report.acknowledged++;
              break;
            } catch (error) {
              if ((error as { errno?: number }).errno === DEADLOCK && attempt < 3) {
                report.deadlocksRetried++;
                continue;
              }
              report.errors.push((error as Error).message);
              break;
            }
          }
          report.maxLatencyMs = Math.max(report.maxLatencyMs, performance.now() - started);
        }
      } finally {
        await connection.end();
      }
      return report;
    })();
    return {
      stop: () => {
        stop = true;
        return done;
      },
    };
  };

  const path = process.env.PATH;

  beforeAll(async () => {
    // A pt-online-schema-change new enough for MySQL 8.4/9.x (3.6+), first on the CLI's PATH.
    const toolkit = execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'ensure-percona-toolkit.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.env.PATH = `${toolkit.toString().trim()}${delimiter}${path}`;
    database = await createScratchDatabase('online');
    project = await createScratchProject();
    expect((await run(['up'])).code).toBe(0);
    await queryDatabase(
      database.name,
      'CREATE TABLE readings (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT NULL, label VARCHAR(20) NOT NULL, counter INT NOT NULL DEFAULT 0)',
    );
    await queryDatabase(database.name, fillRows('readings', 'n, label', "i, CONCAT('reading ', i)", ROWS));
    await queryDatabase(database.name, 'ANALYZE TABLE readings');
  }, 300_000);

  afterAll(async () => {
    process.env.PATH = path;
    await project?.remove();
    await database?.drop();
  });

  it('changes a column type on 300,000 rows in production while a writer runs: no error, no lost write, rows intact', async () => {
    await writeFile(
      join(project.dir, 'migrations', `${CHANGE}.ts`),
      migrationSource(
        CHANGE,
        ['alter table `readings` modify `n` bigint null'],
        ['alter table `readings` modify `n` int null'],
        ONLINE,
      ),
    );
    const plan = await run(['plan']);
    expect(plan.stdout).toMatch(
      /readings\s+~\d{3},\d{3}\s+.*COPY\s+SHARED\s+copies the table online through pt-online-schema-change/,
    );
    const before = await fingerprint();
    const load = writer();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    // Production: the table is above MIGRATION_BLOCKING_ROWS, and an online copy does not block.
    const up = await run(['up'], { NODE_ENV: 'production' });
    const seconds = (performance.now() - started) / 1000;
    const report = await load.stop();
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`${CHANGE} statement 1: copying readings online with pt-online-schema-change`);
    expect(up.stdout).toMatch(/pt-osc: .*Swapped original and new tables OK/);
    expect(up.stdout).toMatch(new RegExp(`↑ ${CHANGE}  applied, 1 statement`));
    expect(await columnType('n')).toBe('bigint');
    expect(report.errors).toEqual([]);
    // It copies in chunks sized from the table's row estimate: with no estimate (MySQL's TREE
    // EXPLAIN format, unread) it copied the whole table as one chunk, every writer waiting for it.
    const estimate = /pt-osc: .*Copying approximately ([\d,]+) rows/.exec(up.stdout)?.[1];
    expect(Number(estimate?.replace(/,/g, ''))).toBeGreaterThan(ROWS / 2);
    expect(await fingerprint()).toEqual(before);
    const [{ writes }] = await queryDatabase<{ writes: string }>(
      database.name,
      'SELECT CAST(SUM(counter) AS CHAR) AS writes FROM readings',
    );
    expect(Number(writes)).toBe(report.acknowledged);
    expect(await leftovers()).toEqual([]);
    console.log(
      `online change: ${ROWS.toLocaleString('en')} rows, INT → BIGINT through pt-osc in ${seconds.toFixed(1)} s; ` +
        `writer: ${report.acknowledged} updates acknowledged and all in the table, ${report.errors.length} errors ` +
        `(${report.deadlocksRetried} deadlocks retried), ` +
        `max latency ${report.maxLatencyMs.toFixed(0)} ms; rows ${before.n}, checksum equal before and after`,
    );
  });

  it('a killed pt-online-schema-change leaves the migration failed, no triggers, the table unchanged; resolve and up finish it', async () => {
    await writeFile(
      join(project.dir, 'migrations', `${KILLED}.ts`),
      migrationSource(
        KILLED,
        ['alter table `readings` modify `counter` bigint not null default 0'],
        ['alter table `readings` modify `counter` int not null default 0'],
        ONLINE,
      ),
    );
    const before = await fingerprint();
    const up = run(['up']);
    // Kill it mid-copy: once its triggers exist, it is copying rows.
    for (let waited = 0; (await leftovers()).length < 3; waited += 20) {
      expect(waited).toBeLessThan(60_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    execFileSync('pkill', ['-KILL', '-f', `D=${database.name},t=readings`]);
    const result = await up;
    expect(result.code).toBe(1);
    // Its three triggers, in the order information_schema lists them (not the same on both servers).
    expect(result.stderr).toMatch(
      /pt-online-schema-change was killed \(SIGKILL\); dropped its triggers (pt_osc_\S+_(ins|upd|del)(, )?){3};/,
    );
    expect(result.stderr).toContain('readings is unchanged');
    expect(result.stderr).toContain(`npm run db -- resolve ${KILLED} --rolled-back`);
    expect(await leftovers()).toEqual([]);
    expect(await columnType('counter')).toBe('int');
    expect(await fingerprint()).toEqual(before);
    expect((await run(['status', '--short'])).stdout).toMatch(/problem/);

    expect((await run(['resolve', KILLED, '--rolled-back'])).code).toBe(0);
    const again = await run(['up']);
    expect(again.code).toBe(0);
    expect(await columnType('counter')).toBe('bigint');
    expect(await leftovers()).toEqual([]);
  });
});

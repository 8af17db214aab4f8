/**
 * npm run bench -- --search-options [--quick] [--only=none,grams-after-commit,…]
 * The ways to keep the name search's index, side by side on the server of TEST_DATABASE_URL
 * (run it once per server): create throughput from 10 concurrent writers for each, in one
 * invocation, and, where the server has one, its engine index (InnoDB FULLTEXT with the ngram
 * parser) against the gram walk on the same rows. Writes bench/results/search-index-options-<server>.{json,md}.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { loadConfig } from '../src/config/app-config.js';
import { formatDatabaseUrl } from '../src/config/database-url.js';
import { NameIndexer } from '../src/cooking/name-index/name-indexer.js';
import { nameGrams } from '../src/cooking/name-grams.js';
import { createOrmConfig } from '../src/db/orm-config.js';
import { probeServer } from '../src/db/server-probe.js';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { testServer } from '../test/support/test-env.js';
import { recreate } from './migration-timings.js';
import { GRAMS_TRIGGER, searchTimings, type SearchTiming } from './search-index-reads.js';

const QUICK = process.argv.includes('--quick');
const WRITERS = 10;
const SECONDS = QUICK ? 3 : 8;
const ROUNDS = QUICK ? 1 : 3;
const target = { ...testServer(), database: 'life_platter_bench_search' };

type Write = (em: SqlEntityManager, name: string, indexer: NameIndexer) => Promise<void>;
interface Option {
  id: string;
  what: string;
  setup?: (em: SqlEntityManager) => Promise<void>;
  write: Write;
}

const insertRow = async (em: SqlEntityManager, name: string): Promise<number> =>
  (
    await em.execute<{ insertId: number }>(
      'insert into `cookings` (`name`, `category`) values (?, ?)',
      [name, 'bench'],
      'run',
    )
  ).insertId;

const insertGrams = async (em: SqlEntityManager, id: number, name: string): Promise<void> => {
  const grams = nameGrams(name);
  await em.execute(
    `insert into \`cooking_name_grams\` (\`gram\`, \`cooking_id\`) values ${grams.map(() => '(?, ?)').join(', ')} on duplicate key update \`gram\` = \`cooking_name_grams\`.\`gram\``,
    grams.flatMap((gram) => [gram, id]),
  );
};

/** The insert alone: no index, or one the server keeps by itself (a trigger, FULLTEXT). */
const insertOnly: Write = async (em, name) => void (await insertRow(em, name));

const afterCommit: Write = async (em, name, indexer) => {
  const write = indexer.begin(new Date());
  try {
    write.committed(await insertRow(em, name), false);
  } finally {
    write.end();
  }
};

const DROP_GRAMS_FOREIGN_KEY =
  'alter table `cooking_name_grams` drop foreign key `cooking_name_grams_cooking_id_foreign`';

function options(mysql: boolean): Option[] {
  return [
    {
      id: 'none',
      what: 'no search index: the insert alone (the limit)',
      write: insertOnly,
    },
    {
      id: 'grams-in-transaction',
      what: 'grams in the write’s transaction (begin, insert, grams, commit; until this issue)',
      write: (em, name) => em.transactional(async (tx) => insertGrams(tx, await insertRow(tx, name), name)),
    },
    {
      id: 'grams-by-trigger',
      what: 'grams written by an AFTER INSERT trigger: one statement from the client',
      setup: (em) => em.execute(GRAMS_TRIGGER).then(() => undefined),
      write: insertOnly,
    },
    {
      id: 'grams-after-commit',
      what: 'grams after the commit, in rounds (NameIndexer; chosen): the insert alone, then the rounds drain',
      write: afterCommit,
    },
    {
      id: 'grams-after-commit-no-fk',
      what: 'as grams-after-commit, with the grams’ foreign key to cookings dropped (no parent lookup per gram row; deletes would leave grams to the rounds)',
      setup: (em) => em.execute(DROP_GRAMS_FOREIGN_KEY).then(() => undefined),
      write: afterCommit,
    },
    ...(mysql
      ? [
          {
            id: 'fulltext-ngram',
            what: 'InnoDB FULLTEXT with the ngram parser on cookings.name (MySQL only): the insert alone',
            setup: (em: SqlEntityManager) =>
              em
                .execute('alter table `cookings` add fulltext index `cookings_name_ngram` (`name`) with parser ngram')
                .then(() => undefined),
            write: insertOnly,
          },
        ]
      : []),
  ];
}

const CHARS = Array.from('肉じゃがカレーライス親子丼豚の生姜焼き鶏唐揚げ味噌汁魚ハンバーグオムライス天ぷら寿司');
const randomName = () =>
  Array.from({ length: 4 + Math.floor(Math.random() * 6) }, () => CHARS[Math.floor(Math.random() * CHARS.length)]).join(
    '',
  );

/** Writes from WRITERS loops for SECONDS; the rate counts until the index has caught up. */
async function measure(
  orm: Orm,
  option: Option,
  indexer: NameIndexer,
): Promise<{ perSecond: number; catchUpMs: number }> {
  let written = 0;
  const started = performance.now();
  const until = started + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const em = orm.em.fork() as SqlEntityManager;
      while (performance.now() < until) {
        await option.write(em, randomName(), indexer);
        written++;
      }
    }),
  );
  const stopped = performance.now();
  await indexer.indexed();
  const caughtUp = performance.now();
  return { perSecond: Math.round((written / (caughtUp - started)) * 1_000), catchUpMs: Math.round(caughtUp - stopped) };
}

type Orm = Awaited<ReturnType<typeof MikroORM.init>>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function main(): Promise<void> {
  const { flavor, version } = await probeServer(target);
  const server = `${flavor} ${version}`;
  const results: { id: string; what: string; perSecond: number; catchUpMs: number; rounds: number[] }[] = [];
  let reads: SearchTiming[] = [];
  const config = loadConfig({ DATABASE_URL: formatDatabaseUrl(target), NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  const mysql = flavor === 'mysql';
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  for (const option of options(mysql).filter((o) => !only || only.includes(o.id))) {
    const rounds: { perSecond: number; catchUpMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await recreate(target);
      const orm = await MikroORM.init(await createOrmConfig(config));
      try {
        await orm.migrator.up();
        const em = orm.em.fork() as SqlEntityManager;
        await option.setup?.(em);
        const indexer = new NameIndexer(orm.em.fork());
        rounds.push(await measure(orm, option, indexer));
        if (option.id === 'fulltext-ngram' && round === ROUNDS - 1) {
          reads = await searchTimings(em, QUICK ? 20_000 : 100_000);
        }
      } finally {
        await orm.close(true);
      }
    }
    const middle = median(rounds.map((r) => r.perSecond));
    const chosen = rounds.find((r) => r.perSecond === middle) ?? rounds[0];
    results.push({ id: option.id, what: option.what, ...chosen, rounds: rounds.map((r) => r.perSecond) });
    console.log(
      `${server} ${option.id}: ${chosen.perSecond} creates/s (rounds ${rounds.map((r) => r.perSecond).join(' / ')}), index caught up ${chosen.catchUpMs} ms after the last write`,
    );
  }
  await recreate(target);
  const name = `search-index-options-${flavor}`;
  const out = join(PROJECT_ROOT, 'bench', 'results', name);
  await writeFile(
    `${out}.json`,
    `${JSON.stringify({ server, date: new Date().toISOString(), writers: WRITERS, seconds: SECONDS, results, reads }, null, 2)}\n`,
  );
  const none = results.find((r) => r.id === 'none')?.perSecond ?? 1;
  const lines = [
    `# Search index options on ${server} (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Create throughput: ${WRITERS} writers for ${SECONDS} s, median of ${ROUNDS} round(s), counted until the index caught up. Ratios against \`none\` of the same invocation.`,
    '',
    '| option | creates/s | × none | index caught up after the last write | what |',
    '| --- | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) => `| ${r.id} | ${r.perSecond} | ${(r.perSecond / none).toFixed(2)} | ${r.catchUpMs} ms | ${r.what} |`,
    ),
    ...(reads.length > 0
      ? [
          '',
          `Reads on the same rows (${reads[0].rows} cookings): the first page (limit 20) of each query, median of 5, and whether FULLTEXT found what LIKE finds.`,
          '',
          '| q | gram walk ms | FULLTEXT ngram ms | rows (LIKE) | rows (FULLTEXT + LIKE) |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...reads.map((r) => `| ${r.q} | ${r.gramsMs} | ${r.fulltextMs} | ${r.likeRows} | ${r.fulltextRows} |`),
        ]
      : []),
  ];
  await writeFile(`${out}.md`, `${lines.join('\n')}\n`);
  console.log(`wrote bench/results/${name}.{json,md}`);
}

await main();

import { MikroORM } from '@mikro-orm/core';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { NameIndexer } from '../../src/cooking/name-index/name-indexer.js';
import { nameGrams } from '../../src/cooking/name-grams.js';
import { RECOVERY_MARGIN_SECONDS, utcDatetime } from '../../src/cooking/name-index/name-index-leases.js';
import { createOrmConfig } from '../../src/db/orm-config.js';
import { adminConnection, queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The name search's grams are written after the write commits (src/cooking/name-index/). What
 * docs/search.md, "Freshness", promises: a process's own searches see its writes; another
 * process sees them once a round has committed; a process that dies before its round is made
 * good by the next one to beat, from its lease.
 */
describe('name index after the commit: freshness, renames racing, recovery from a dead process', () => {
  let ctx: TestApp;
  /** A second API process on the same database. */
  let other: NestFastifyApplication;

  const searchIds = async (app: NestFastifyApplication, q: string): Promise<number[]> => {
    const response = await app.inject({ url: `/cookings?q=${encodeURIComponent(q)}&limit=100` });
    expect(response.statusCode).toBe(200);
    return (response.json().items as { id: number }[]).map((item) => item.id);
  };
  const create = async (app: NestFastifyApplication, name: string): Promise<number> => {
    const response = await app.inject({ method: 'POST', url: '/cookings', payload: { name } });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };
  const storedGrams = async (id: number): Promise<string[]> =>
    (
      await queryDatabase<{ gram: string }>(ctx.db.name, 'SELECT gram FROM cooking_name_grams WHERE cooking_id = ?', [
        id,
      ])
    )
      .map((row) => row.gram)
      .sort();
  const leaseOwners = async (): Promise<string[]> =>
    (
      await queryDatabase<{ owner: string }>(ctx.db.name, 'SELECT owner FROM cooking_name_index_leases ORDER BY owner')
    ).map((row) => row.owner);

  beforeAll(async () => {
    ctx = await startTestApp('name_index');
    other = await createApp(ctx.config);
  });
  afterAll(async () => {
    await other?.close();
    await ctx?.close();
  });

  it('a client finds what it just wrote: the search waits for its own process to index it', async () => {
    const id = await create(ctx.app, 'ほうれん草のおひたし');
    expect(await searchIds(ctx.app, 'おひた')).toEqual([id]);
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/cookings/${id}`,
      payload: { name: '小松菜の煮浸し' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(await searchIds(ctx.app, '煮浸')).toEqual([id]);
    expect(await searchIds(ctx.app, 'おひた')).toEqual([]);
  });

  it('another process finds a new name once the round committed, within the stated second', async () => {
    const id = await create(ctx.app, '鶏の唐揚げ甘酢あん');
    const tookMs = await waitFor(
      async () => (await searchIds(other, '甘酢')).includes(id),
      'the other process to find it',
      1_000,
    );
    expect(tookMs).toBeLessThanOrEqual(1_000);
    expect(await storedGrams(id)).toEqual(nameGrams('鶏の唐揚げ甘酢あん').sort());
  });

  it('renames of one row racing through two processes end with the grams of the name stored last', async () => {
    const id = await create(ctx.app, '競争の始まり');
    const names = Array.from({ length: 24 }, (_, i) => `改名${String(i).padStart(2, '0')}号`);
    await Promise.all(
      names.map((name, i) =>
        (i % 2 === 0 ? ctx.app : other).inject({ method: 'PATCH', url: `/cookings/${id}`, payload: { name } }),
      ),
    );
    await ctx.app.get(NameIndexer).indexed();
    await other.get(NameIndexer).indexed();
    const [{ name }] = await queryDatabase<{ name: string }>(ctx.db.name, 'SELECT name FROM cookings WHERE id = ?', [
      id,
    ]);
    expect(names).toContain(name);
    expect(await storedGrams(id)).toEqual(nameGrams(name).sort());
  });

  it('each running process holds a lease, renewed by its beat; a live lease is not taken over', async () => {
    const owners = [ctx.app.get(NameIndexer).owner, other.get(NameIndexer).owner].sort();
    expect(await leaseOwners()).toEqual(owners);
    await other.get(NameIndexer).beatOnce();
    await ctx.app.get(NameIndexer).beatOnce();
    expect(await leaseOwners()).toEqual(owners);
  });

  it('a search answers while the index cannot be written, and finds the name once it can', async () => {
    const admin = await adminConnection(ctx.db.name);
    try {
      // A gap lock where the new name's grams go: their insert waits for this transaction.
      await admin.query('START TRANSACTION');
      await admin.query("SELECT * FROM cooking_name_grams WHERE gram = 'ぼう' FOR UPDATE");
      const id = await create(ctx.app, '待ちぼうけ鍋');
      // The search waits up to searchWaitMs (1 s) for the blocked round, then answers without it.
      expect(await searchIds(ctx.app, 'ぼうけ')).toEqual([]);
      await admin.query('COMMIT');
      expect(await searchIds(ctx.app, 'ぼうけ')).toEqual([id]);
    } finally {
      await admin.end();
    }
  });

  it('a cooking deleted through the API loses its grams with it, and no search finds it', async () => {
    const id = await create(ctx.app, '消えるおでん');
    await ctx.app.get(NameIndexer).indexed();
    expect(await storedGrams(id)).toEqual(nameGrams('消えるおでん').sort());
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/cookings/${id}` });
    expect(deleted.statusCode).toBe(204);
    expect(await storedGrams(id)).toEqual([]);
    expect(await searchIds(ctx.app, 'おでん')).toEqual([]);
  });

  it('a row deleted while its round runs does not fail the round, so the names after it are not delayed', async () => {
    const indexer = ctx.app.get(NameIndexer);
    const admin = await adminConnection(ctx.db.name);
    try {
      const [inserted] = await admin.query<ResultSetHeader>("INSERT INTO cookings (name) VALUES ('消える一皿')");
      const goneId = inserted.insertId;
      // The delete holds the row until it commits, as a DELETE request does mid-transaction.
      await admin.query('START TRANSACTION');
      await admin.query('DELETE FROM cookings WHERE id = ?', [goneId]);
      const write = indexer.begin(new Date());
      write.committed(goneId, false);
      write.end();
      const round = indexer.indexed();
      await new Promise((settle) => setTimeout(settle, 200));
      await admin.query('COMMIT');
      // The round read the row as gone (it waited for the delete) rather than writing grams for it.
      expect(await round).toBe(true);
      expect(await storedGrams(goneId)).toEqual([]);
      const next = await create(ctx.app, '残る一皿');
      expect(await searchIds(ctx.app, '残る')).toEqual([next]);
    } finally {
      await admin.end();
    }
  });

  it('after a crash: the next beat takes the expired lease over and re-indexes what was written since', async () => {
    const admin = await adminConnection(ctx.db.name);
    try {
      const [[{ now }]] = await admin.query<RowDataPacket[]>(
        "SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s') AS now",
      );
      const coveredBefore = new Date(`${String(now).replace(' ', 'T')}Z`);
      const at = (seconds: number) => utcDatetime(new Date(coveredBefore.getTime() + seconds * 1_000));
      const insert = async (name: string, updatedAt: string) =>
        (
          await admin.query<ResultSetHeader>('INSERT INTO cookings (name, created_at, updated_at) VALUES (?, ?, ?)', [
            name,
            updatedAt,
            updatedAt,
          ])
        )[0].insertId;
      // What a process killed before its round leaves: committed rows without their grams (a new
      // one; a renamed one still holding its old name's grams) and its lease, not renewed for an hour.
      await admin.query(
        'INSERT INTO cooking_name_index_leases (owner, covered_before, beat_at) VALUES (?, ?, NOW() - INTERVAL 1 HOUR)',
        ['crashed-host:1:deadbeef', at(0)],
      );
      const created = await insert('墜落後のカレー', at(1));
      const renamed = await create(ctx.app, '改名前の煮物');
      await admin.query('UPDATE cookings SET name = ?, updated_at = ? WHERE id = ?', [
        '改名後の焼き物',
        at(0),
        renamed,
      ]);
      // Written well before what the lease promised: a recovery leaves it alone.
      const old = await insert('古い手書きの行', at(-RECOVERY_MARGIN_SECONDS - 60));

      await other.get(NameIndexer).beatOnce();

      expect(await leaseOwners()).not.toContain('crashed-host:1:deadbeef');
      expect(await storedGrams(created)).toEqual(nameGrams('墜落後のカレー').sort());
      expect(await storedGrams(renamed)).toEqual(nameGrams('改名後の焼き物').sort());
      expect(await storedGrams(old)).toEqual([]);
      expect(await searchIds(ctx.app, '墜落')).toEqual([created]);
      expect(await searchIds(ctx.app, '煮物')).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it('a clean stop indexes what is pending, then gives its lease up', async () => {
    const third = await createApp(ctx.config);
    const owner = third.get(NameIndexer).owner;
    expect(await leaseOwners()).toContain(owner);
    const id = await create(third, '閉店間際のおでん');
    await third.close();
    expect(await storedGrams(id)).toEqual(nameGrams('閉店間際のおでん').sort());
    expect(await leaseOwners()).not.toContain(owner);
  });

  it('an indexer with no Nest around it (a script, a test) indexes on demand and stops cleanly', async () => {
    const orm = await MikroORM.init(await createOrmConfig(ctx.config));
    try {
      const indexer = new NameIndexer(orm.em.fork(), { leaseTtlSeconds: 1 });
      const id = await create(ctx.app, '台本の寄せ鍋');
      await queryDatabase(ctx.db.name, 'DELETE FROM cooking_name_grams WHERE cooking_id = ?', [id]);
      const write = indexer.begin(new Date());
      write.committed(id, true);
      write.end();
      expect(await indexer.indexed()).toBe(true);
      expect(await storedGrams(id)).toEqual(nameGrams('台本の寄せ鍋').sort());
    } finally {
      await orm.close(true);
    }
  });
});

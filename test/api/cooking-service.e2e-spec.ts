import { MikroORM } from '@mikro-orm/core';
import { NotFoundException } from '@nestjs/common';
import { createOrmConfig } from '../../src/db/orm-config.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { migrateUp } from '../support/test-app.js';
import { testConfig } from '../support/test-env.js';
import { CookingRepository } from '../../src/cooking/cooking.repository.js';
import { CookingService } from '../../src/cooking/cooking.service.js';
import { NameIndexer } from '../../src/cooking/name-index/name-indexer.js';

describe('CookingService (real database)', () => {
  let db: ScratchDatabase;
  let orm: Awaited<ReturnType<typeof MikroORM.init>>;
  let service: CookingService;

  beforeAll(async () => {
    db = await createScratchDatabase('cooking_service');
    const config = testConfig(db.name);
    await migrateUp(config);
    orm = await MikroORM.init(await createOrmConfig(config));
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });
  beforeEach(() => {
    const em = orm.em.fork();
    service = new CookingService(new CookingRepository(em, new NameIndexer(em)));
  });

  it('creates rows with whole-second timestamps that match what the database stored', async () => {
    const cooking = await service.create({ name: 'ピザ', category: '洋食' });
    expect(cooking.id).toBeGreaterThan(0);
    expect(cooking.createdAt.getMilliseconds()).toBe(0);
    const [row] = await queryDatabase<{ created: string }>(
      db.name,
      "SELECT DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.000Z') AS created FROM cookings WHERE id = ?",
      [cooking.id],
    );
    expect(row.created).toBe(cooking.createdAt.toISOString());
  });

  it('lists with filters, counts and order', async () => {
    await service.create({ name: 'パスタ', category: '洋食' });
    await service.create({ name: '寿司', category: '和食' });
    const page = await service.list({ limit: 10, offset: 0, count: 'exact', category: '洋食' });
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.name)).toEqual(['ピザ', 'パスタ']);
    const second = await service.list({ limit: 1, offset: 1, count: 'exact' });
    expect(second.items.map((item) => item.name)).toEqual(['パスタ']);
    expect(second.total).toBe(3);
  });

  it('updates only what is given and keeps the rest', async () => {
    const cooking = await service.create({ name: 'そば', category: '麺', description: '冷' });
    const updated = await service.update(cooking.id, { description: '温', name: undefined });
    expect(updated).toMatchObject({ name: 'そば', category: '麺', description: '温' });
  });

  it('finds the row when a PATCH repeats the stored values, and reads back what the database holds', async () => {
    const cooking = await service.create({ name: 'うどん', category: '麺' });
    const same = await service.update(cooking.id, { name: 'うどん', category: '麺' });
    expect(same).toMatchObject({ id: cooking.id, name: 'うどん', category: '麺', description: null });
    const nothing = await service.update(cooking.id, {});
    expect(nothing).toEqual(await service.get(cooking.id));
  });

  it('throws NotFoundException for missing rows in get, update and remove', async () => {
    await expect(service.get(999_999)).rejects.toThrow(new NotFoundException('cooking 999999 not found'));
    await expect(service.update(999_999, { name: 'x' })).rejects.toThrow(NotFoundException);
    await expect(service.remove(999_999)).rejects.toThrow(NotFoundException);
  });

  it('removes rows', async () => {
    const cooking = await service.create({ name: '消える' });
    await service.remove(cooking.id);
    expect(await queryDatabase(db.name, 'SELECT id FROM cookings WHERE id = ?', [cooking.id])).toEqual([]);
  });
});

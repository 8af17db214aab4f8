import { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOrmConfig } from '../../src/db/orm-config.js';
import { createApp } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { withContract } from './openapi-contract.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { testConfig } from './test-env.js';

/** Applies the committed migrations through MikroORM's Migrator, as the migrate job does. */
export async function migrateUp(config: AppConfig): Promise<string[]> {
  const orm = await MikroORM.init(await createOrmConfig(config));
  try {
    return (await orm.migrator.up()).map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  db: ScratchDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real application on a fresh, migrated database of its own. */
export async function startTestApp(label: string, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createScratchDatabase(label);
  const config = testConfig(db.name, env);
  await migrateUp(config);
  const app = withContract(await createApp(config));
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

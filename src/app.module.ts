import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { createOrmConfig } from '../mikro-orm.config.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging.module.js';
import { CookingModule } from './cooking/cooking.module.js';
import type { ServerFlavor } from './db/server-probe.js';
import { ReplicaSet } from './db/replicas/replica-set.js';
import { HealthModule } from './health/health.module.js';
import { IngredientsModule } from './ingredients/ingredients.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, flavor: ServerFlavor, replicas?: ReplicaSet): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: replicas ? [{ provide: ReplicaSet, useValue: replicas }] : [],
      exports: replicas ? [ReplicaSet] : [],
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        MikroOrmModule.forRootAsync({
          // The request context is a Fastify hook instead (db/request-context.ts).
          useFactory: async () => ({
            ...(await createOrmConfig(config, {
              flavor,
              replicas,
              appLimits: {
                deadlineMs: config.http.requestTimeoutMs,
                poolMax: config.pool.max,
                queueLimit: config.pool.queueLimit,
              },
            })),
            registerRequestContext: false,
          }),
        }),
        CookingModule,
        IngredientsModule,
        HealthModule,
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { createOrmConfig } from './db/orm-config.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './http/logging.module.js';
import { CookingModule } from './cooking/cooking.module.js';
import type { ServerFlavor } from './db/server-probe.js';
import { ReplicaSet } from './db/replicas/replica-set.js';
import type { DatabaseTarget } from './config/database-url.js';
import { ClusterTopology } from './db/cluster/cluster-topology.js';
import { HealthModule } from './health/health.module.js';
import { IngredientsModule } from './ingredients/ingredients.module.js';

/** Where the API reads and writes besides DATABASE_URL's server: replicas, a cluster's members. */
export interface DatabaseRoutes {
  replicas?: ReplicaSet;
  /** Each replica's connection, in the order of `replicas.names`. */
  readTargets?: DatabaseTarget[];
  cluster?: ClusterTopology;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, flavor: ServerFlavor, routes: DatabaseRoutes = {}): DynamicModule {
    const { replicas, readTargets, cluster } = routes;
    const provided = [
      ...(replicas ? [{ provide: ReplicaSet, useValue: replicas }] : []),
      ...(cluster ? [{ provide: ClusterTopology, useValue: cluster }] : []),
    ];
    return {
      module: AppModule,
      global: true,
      providers: provided,
      exports: provided.map((provider) => provider.provide),
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        MikroOrmModule.forRootAsync({
          // The request context is a Fastify hook instead (db/request-context.ts).
          useFactory: async () => ({
            ...(await createOrmConfig(config, {
              flavor,
              replicas,
              readTargets,
              cluster,
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

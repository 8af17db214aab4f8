/**
 * The cost ladder's middle rungs (bench/ladder.ts): the application built up one feature at a
 * time from its own parts, serving GET /cookings/:id. LADDER_RUNG names the highest feature
 * (ladder-rungs.ts); each rung has every one before it. The bottom rungs are B1 and B2, the top
 * one dist/main.js (B3).
 */
import 'reflect-metadata';
import { Controller, Get, Module, NotFoundException, Param, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { createOrmConfig } from '../../src/db/orm-config.js';
import { AllExceptionsFilter } from '../../src/http/all-exceptions.filter.js';
import { BODY_LIMIT_BYTES, createFastifyAdapter } from '../../src/http/fastify-adapter.js';
import { LoggingModule } from '../../src/http/logging.module.js';
import { useRateLimit } from '../../src/http/rate-limit.js';
import { useRequestDeadline } from '../../src/http/request-deadline.js';
import { useRequestLog } from '../../src/http/request-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { CookingModule } from '../../src/cooking/cooking.module.js';
import { CookingRepository } from '../../src/cooking/cooking.repository.js';
import { NameIndexer } from '../../src/cooking/name-index/name-indexer.js';
import { CookingResponseDto } from '../../src/cooking/dto/cooking-response.dto.js';
import { useRequestContext } from '../../src/db/request-context.js';
import { probeServer } from '../../src/db/server-probe.js';
import { createValidationPipe } from '../../src/validation/validation.js';
import { LADDER_RUNGS, type LadderRung } from './ladder-rungs.js';

const RUNGS: readonly string[] = LADDER_RUNGS.map((step) => step.rung);
const rung = process.env.LADDER_RUNG ?? '';
if (!RUNGS.includes(rung)) {
  throw new Error(`LADDER_RUNG must be one of ${RUNGS.join(', ')} (got "${rung}")`);
}
const has = (feature: LadderRung) => RUNGS.indexOf(feature) <= RUNGS.indexOf(rung);

@Controller('cookings')
class OrmOnlyController {
  constructor(private readonly cookings: CookingRepository) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<CookingResponseDto> {
    const cooking = await this.cookings.findById(Number(id));
    if (!cooking) {
      throw new NotFoundException(`cooking ${id} not found`);
    }
    return CookingResponseDto.from(cooking);
  }
}

@Controller('health')
class LiveController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

const config = loadConfig();
const { flavor } = await probeServer(config.database);

function ladderModule(): DynamicModule {
  const orm = MikroOrmModule.forRootAsync({
    useFactory: async () => ({
      ...(await createOrmConfig(config, {
        flavor,
        appLimits: {
          deadlineMs: config.http.requestTimeoutMs,
          poolMax: config.pool.max,
          queueLimit: config.pool.queueLimit,
        },
      })),
      registerRequestContext: false,
    }),
  });
  return {
    module: LadderModule,
    imports: [
      orm,
      ConfigModule.forRoot(config),
      ...(has('validation') ? [CookingModule] : []),
      ...(has('request-log') ? [LoggingModule.forRoot(config)] : []),
    ],
    controllers: [LiveController, ...(has('validation') ? [] : [OrmOnlyController])],
    providers: has('validation') ? [] : [CookingRepository, NameIndexer],
  };
}

@Module({})
class LadderModule {}

const adapter = has('headers') ? createFastifyAdapter(false) : new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
const app = await NestFactory.create<NestFastifyApplication>(ladderModule(), adapter, {
  // With the project's adapter, the JSON parser is its own (as in app.factory.ts).
  bodyParser: !has('headers'),
  logger: has('request-log') ? undefined : false,
  bufferLogs: has('request-log'),
});
const fastify = app.getHttpAdapter().getInstance();
useRequestContext(fastify, app.get(MikroORM));
if (has('request-log')) {
  app.useLogger(app.get(NestPinoLogger));
  useRequestLog(fastify, PinoLogger.root);
}
if (has('deadline')) {
  useRequestDeadline(fastify, config.http.requestTimeoutMs, PinoLogger.root);
}
if (has('rate-limit')) {
  await useRateLimit(
    app,
    { ...config.http, rateLimitPerMinute: 1_000_000, rateLimitRedis: undefined },
    PinoLogger.root,
  );
}
if (has('validation')) {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
}
// Only the signals the harness stops a server with: Nest's default list includes SIGUSR2, which
// the harness sends to read the server's memory and CPU time (bench/memory-probe.mjs).
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
await app.listen(config.port, config.host);

import { Logger, type LogLevel as NestLogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { AppConfig, LogLevel } from './config/app-config.js';
import { probeServer } from './db/server-probe.js';
import { readSchemaStatus, SchemaNotCurrentError } from './db/schema-status.js';
import { MikroORM } from '@mikro-orm/core';

/** Request bodies above this size are refused with 413 (Nginx in front uses the same limit). */
export const BODY_LIMIT_BYTES = 100 * 1024;

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Asked before Nest starts, so an unreachable database ends in one line rather than Nest's stack trace.
  const logger = new Logger('Database');
  const server = await probeServer(config.database, {
    retries: config.connectRetries,
    onRetry: (attempt, delayMs, error) =>
      logger.warn(
        `database not reachable yet (${errorCode(error)}); retry ${attempt}/${config.connectRetries} in ${delayMs} ms`,
      ),
  });
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, server.flavor), adapter, {
    logger: nestLogLevels(config.logLevel),
    abortOnError: false,
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await checkSchema(app, config);
  return app;
}

/** Logs the schema state at start-up; refuses to start on a stale schema when so configured. */
async function checkSchema(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const status = await readSchemaStatus(app.get(MikroORM));
  if (status.current) {
    new Logger('Database').log(status.summary);
    return;
  }
  if (config.requireSchemaCurrent) {
    await app.close();
    throw new SchemaNotCurrentError(`refusing to start: ${status.summary} (REQUIRE_SCHEMA_CURRENT=true)`);
  }
  new Logger('Database').warn(`${status.summary}; /health/ready answers 503 until then`);
}

function nestLogLevels(level: LogLevel): NestLogLevel[] | false {
  const ordered: NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const cut = { silent: 0, fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6 }[level];
  return cut === 0 ? false : ordered.slice(0, cut);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

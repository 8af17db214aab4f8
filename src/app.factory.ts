import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/core';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './http/all-exceptions.filter.js';
import { setupApiDocs } from './openapi/api-docs.js';
import { createFastifyAdapter } from './http/fastify-adapter.js';
import { useRateLimit } from './http/rate-limit.js';
import { useRequestDeadline } from './http/request-deadline.js';
import { useRequestLog } from './http/request-log.js';
import { createValidationPipe } from './validation/validation.js';
import type { AppConfig } from './config/app-config.js';
import { schemaSummary } from './migration-words/index.js';
import { readSchemaStatus, requiredMigrations } from './migrator/index.js';
import { SchemaNotCurrentError } from './lifecycle/schema-not-current.error.js';
import { useRequestContext } from './db/request-context.js';
import { NameIndexer } from './cooking/name-index/name-indexer.js';
import { DatabaseConnectError } from './db/database-connect.error.js';
import { probeServer } from './db/server-probe.js';
import { useReadRouting } from './http/read-routing.js';
import { discoverCluster } from './db/cluster/cluster-discovery.js';
import { readSetOf } from './db/cluster/read-set.js';

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Asked before Nest (and its logger) starts, so an unreachable database ends in one line rather
  // than Nest's stack trace; the retries are reported on stderr meanwhile.
  const server = await probeServer(config.database, {
    retries: config.connectRetries,
    onRetry: (attempt, delayMs, error) =>
      process.stderr.write(
        `warn: database not reachable yet (${errorCode(error)}); retry ${attempt}/${config.connectRetries} in ${delayMs} ms\n`,
      ),
  });
  if (!server.databaseExists) {
    // Refused in one line: an API on a database that is not there would answer 500 to everything.
    throw DatabaseConnectError.missing(config.database, config.migrations.command);
  }
  const adapter = createFastifyAdapter(config.http.trustProxy);
  const replicaLog = new Logger('Replicas');
  const clusterLog = new Logger('Cluster');
  // A cluster is what the servers say they are (src/db/cluster/): writes then follow its writer.
  const cluster = await discoverCluster(config.database, server.flavor, config.replicas.checkIntervalMs, {
    warn: (message) => clusterLog.warn(message),
    info: (message) => clusterLog.log(message),
  });
  const reads = readSetOf(config, server.flavor, cluster, {
    warn: (message) => replicaLog.warn(message),
    info: (message) => replicaLog.log(message),
  });
  const replicas = reads.replicas;
  const module = AppModule.forRoot(config, server.flavor, { replicas, readTargets: reads.targets, cluster });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
    // The JSON parser is ours (useStrictJsonParser); Nest's would replace it at init.
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  if (cluster) {
    const { kind, writer, members } = cluster.report();
    new Logger('Cluster').log(
      `${kind}, ${members.length} members (${members.map((member) => member.name).join(', ')}); writes go to ${writer ?? 'no member yet (503 until one takes them)'}`,
    );
  }
  const fastify = app.getHttpAdapter().getInstance();
  // Added before init, which registers the routes: Fastify gives a route the hooks present then.
  useRequestContext(fastify, app.get(MikroORM));
  // Runs once the in-flight requests are done and before the ORM's pool closes (Nest closes the
  // HTTP server before its shutdown hooks): their names are indexed and the lease given up.
  fastify.addHook('onClose', () => app.get(NameIndexer).stop());
  if (replicas) {
    useReadRouting(fastify, replicas);
  }
  useRequestLog(fastify, PinoLogger.root);
  useRequestDeadline(fastify, config.http.requestTimeoutMs, PinoLogger.root);
  await useRateLimit(app, config.http, PinoLogger.root);
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({ origin: config.http.corsOrigins.includes('*') ? true : config.http.corsOrigins });
  }
  if (config.http.docs) {
    setupApiDocs(app);
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  cluster?.start();
  await app.init();
  await fastify.ready();
  await checkSchema(app, config);
  // No replica serves a read before its schema was checked against this build's migrations.
  if (replicas) {
    await replicas.expectSchema(await requiredMigrations(app.get(MikroORM)));
    replicas.start();
  }
  return app;
}

/** Logs the schema state at start-up; refuses to start on a stale schema when so configured. */
async function checkSchema(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const status = await readSchemaStatus(app.get(MikroORM));
  const summary = schemaSummary(status, config.migrations.command);
  if (status.current) {
    new Logger('Database').log(summary);
    return;
  }
  if (config.requireSchemaCurrent) {
    await app.close();
    throw new SchemaNotCurrentError(`refusing to start: ${summary} (REQUIRE_SCHEMA_CURRENT=true)`);
  }
  new Logger('Database').warn(`${summary}; /health/ready answers 503 until then`);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

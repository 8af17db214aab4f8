import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The request id Fastify gives each request (and pino logs): the caller's X-Request-Id when it
 * is a sane token, else a new UUID. The app echoes it in the response header.
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * How JSON lines reach stdout: without blocking the event loop, in batches. pino's default
 * destination writes each line with a synchronous write(2). This one collects lines until 4 KiB
 * (about a dozen request lines), or for at most 250 ms, then writes them with one
 * asynchronous write: writing every line on its own, even asynchronously, cost ~20 µs of a GET's
 * ~100 µs of CPU (bench/README.md, "Cost ladder"). pino flushes what is left synchronously when
 * the process exits, a crash included (test/api/request-log-flush.e2e-spec.ts).
 */
const LOG_BATCHES = { minLength: 4096, periodicFlush: 250 };

/**
 * The application's pino logger behind Nest's Logger: JSON lines, pretty only on a terminal
 * outside production. The per-request line is written by the Fastify hook in request-log.ts, so
 * nestjs-pino's pino-http middleware is mounted on no route.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const pretty = process.stdout.isTTY && config.nodeEnv !== 'production';
    const options = {
      level: config.logLevel,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      // The request line already carries plain req/res objects; pino-http's serializers expect
      // Node's request and response and would blank them.
      wrapSerializers: false,
      serializers: { err: stdSerializers.err },
    };
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [],
          pinoHttp: pretty ? options : [options, destination({ dest: 1, sync: false, ...LOG_BATCHES })],
        }),
      ],
    };
  }
}

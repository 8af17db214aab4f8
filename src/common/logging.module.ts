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
          // JSON lines go to stdout without blocking the event loop: pino's default destination
          // writes each line with a synchronous write(2); this one queues lines while a write is in
          // flight and writes them together. pino flushes it synchronously when the process exits,
          // a crash included (test/request-log-flush.e2e-spec.ts; bench/README.md, "Cost ladder").
          pinoHttp: pretty ? options : [options, destination({ dest: 1, sync: false })],
        }),
      ],
    };
  }
}

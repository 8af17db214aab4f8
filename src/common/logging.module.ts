import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
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
 * One JSON line per request (method, path, status, duration, request id) through pino; pretty
 * output only on a terminal outside production. Bodies and headers are never logged.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const pretty = process.stdout.isTTY && config.nodeEnv !== 'production';
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Nest 12's wildcard syntax; the package's default pattern does not reach Fastify routes.
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                path: request.url.split('?')[0],
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            customSuccessMessage: (request, response, duration) =>
              `${request.method} ${request.url?.split('?')[0]} ${response.statusCode} ${Math.round(duration)} ms`,
            customErrorMessage: (request, response) =>
              `${request.method} ${request.url?.split('?')[0]} ${response.statusCode}`,
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
      ],
    };
  }
}

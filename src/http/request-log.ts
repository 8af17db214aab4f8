import type { FastifyInstance } from 'fastify';
import type { Level, Logger } from 'pino';

/** 5xx are errors, 4xx warnings (the caller's mistake, worth seeing), the rest info. */
export function requestLogLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One JSON line per answered request: id, method, path (never the query string, headers or
 * body), status and duration. A Fastify onResponse hook on the application's one pino logger:
 * pino-http behind Nest's middleware bridge built a child logger and two closures per request
 * for the same line (bench/README.md).
 */
export function useRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = requestLogLevel(statusCode);
    if (logger.isLevelEnabled(level)) {
      const query = request.url.indexOf('?');
      const path = query === -1 ? request.url : request.url.slice(0, query);
      const responseTime = Math.round(reply.elapsedTime);
      logger[level](
        { req: { id: request.id, method: request.method, path }, res: { statusCode }, responseTime },
        `${request.method} ${path} ${statusCode} ${responseTime} ms`,
      );
    }
    done();
  });
}

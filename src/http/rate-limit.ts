import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type { HttpConfig } from '../config/app-config.js';
import { errorBody } from '../errors/error-body.js';

/** The log calls this module makes; pino's root logger has them. */
interface Log {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** A store that is down is said once a minute at most, not once a request. */
const REPORT_EVERY_MS = 60_000;

/**
 * The per-client-IP limit (the socket's address, or behind our proxies the one they saw; probes
 * exempt). With RATE_LIMIT_REDIS_URL every API replica counts in one Redis; when Redis cannot
 * answer, requests are served (fail open) rather than refused: the limit protects the API, an
 * outage of its counter must not become one.
 */
export async function useRateLimit(app: NestFastifyApplication, http: HttpConfig, log: Log): Promise<void> {
  if (http.rateLimitPerMinute <= 0) {
    return;
  }
  const redis = http.rateLimitRedis ? sharedCounter(http.rateLimitRedis, log) : undefined;
  if (redis) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', (_instance, done) => {
        redis.disconnect();
        done();
      });
  }
  await app.register(rateLimit, {
    max: http.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/health/'),
    ...(redis ? { redis, nameSpace: 'life-platter-rate-limit:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      errorBody(429, `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`),
  });
}

/**
 * An ioredis client tuned for a counter on the request path: a short connect timeout, no
 * retries per command and no offline queue, so a request never waits on a Redis that is gone;
 * it reconnects in the background.
 */
function sharedCounter(target: NonNullable<HttpConfig['rateLimitRedis']>, log: Log): Redis {
  const redis = new Redis(target.url, {
    connectTimeout: 500,
    commandTimeout: 250,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let reportedAt = -Infinity;
  let down = false;
  redis.on('error', (error: Error) => {
    down = true;
    if (Date.now() - reportedAt >= REPORT_EVERY_MS) {
      reportedAt = Date.now();
      log.warn(
        { redis: target.label, error: error.message },
        'rate limit: Redis does not answer; requests are served without counting until it is back',
      );
    }
  });
  redis.on('ready', () => {
    if (down) {
      down = false;
      log.info({ redis: target.label }, 'rate limit: Redis answers again; counting resumes');
    }
  });
  return redis;
}

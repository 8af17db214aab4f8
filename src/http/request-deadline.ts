import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { errorBody } from '../errors/error-body.js';

/** Seconds a client should wait before retrying a request that ran out of time. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Every request has a deadline. Past it the client gets 503 with the uniform body and
 * Retry-After, and a warning names the request and the deadline; the statement still running
 * for it is ended by the server a second later (db/session-limits.ts), which gives its
 * connection back to the pool. The handler's late answer is dropped.
 */
export function useRequestDeadline(fastify: FastifyInstance, deadlineMs: number, logger: Logger): void {
  const timers = new WeakMap<object, NodeJS.Timeout>();
  fastify.addHook('onRequest', (request, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent) {
        return;
      }
      logger.warn(
        { req: { id: request.id, method: request.method }, deadlineMs },
        `request ${request.id} passed its ${deadlineMs} ms deadline (REQUEST_TIMEOUT_MS): answered 503`,
      );
      void reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(errorBody(503, `the request did not finish within its ${deadlineMs} ms deadline; try again shortly`));
      // Nest answers once the handler settles; that answer has nobody left to go to.
      reply.send = () => reply;
    }, deadlineMs);
    timers.set(request, timer);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    clearTimeout(timers.get(request));
    done();
  });
}

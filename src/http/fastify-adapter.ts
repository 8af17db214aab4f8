import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { fastifyStatus } from './all-exceptions.filter.js';
import { errorBody } from '../errors/error-body.js';
import { findForbiddenKey } from '../validation/forbidden-keys.js';
import { badlyEncodedParameter } from './query-encoding.js';
import { useStrictJsonParser } from './json-body-parser.js';
import { REQUEST_ID_HEADER, requestId } from './logging.module.js';
import { clientErrorHandler } from './client-errors.js';
import { securityHeaders, useSecurityHeaders } from './security-headers.js';

/** Request bodies above this size are refused with 413 (Nginx in front uses the same limit). */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * The Fastify adapter with what must happen before Nest sees a request: the body limit, a strict
 * JSON parser, request ids echoed in the response, the security headers, prototype-reaching query
 * keys and query escapes that are not UTF-8 refused, and the uniform error body for router-level
 * errors (an over-long path parameter, a malformed URL).
 */
export function createFastifyAdapter(trustProxy: false | string[]): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Only our own proxies' word on the client address counts (TRUST_PROXY): trusting every hop
    // let a client pick its own address for the rate limit and the log.
    trustProxy,
    genReqId: requestId,
    // While the server closes (SIGTERM), a request that reached a connection it had accepted is
    // served, not answered 503: behind a proxy that request has nowhere else to go (a POST is
    // not retried), and graceful-shutdown.ts still bounds how long closing may take.
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(securityHeaders()),
    frameworkErrors: (error: Error, _request: unknown, reply: FastifyReply) => {
      const status = fastifyStatus(error) ?? 400;
      void reply.status(status).send(errorBody(status, error.message));
    },
  });
  const fastify = adapter.getInstance();
  useStrictJsonParser(fastify, BODY_LIMIT_BYTES);
  useSecurityHeaders(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('preValidation', (request, reply, done) => {
    const forbidden = findForbiddenKey(request.query);
    if (forbidden) {
      void reply.status(400).send(errorBody(400, `query parameter "${forbidden}" is not allowed`));
      return;
    }
    const badlyEncoded = badlyEncodedParameter(request.url);
    if (badlyEncoded !== undefined) {
      void reply
        .status(400)
        .send(errorBody(400, `query parameter "${badlyEncoded}" is not percent-encoded UTF-8: encode it as UTF-8`));
      return;
    }
    done();
  });
  return adapter;
}

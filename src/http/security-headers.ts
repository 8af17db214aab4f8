import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Swagger UI needs inline scripts and styles and data: images; the rest stays at helmet's defaults. */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
};

/**
 * The headers helmet sets for these options. Helmet's result depends only on its options (no
 * nonces here), so it is run once against a recording response instead of per request:
 * @fastify/helmet rebuilt and re-parsed the whole policy on every request, 12% of the CPU of a
 * GET in the profile (bench/README.md).
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  // A response that is never sent: helmet only sets and removes headers on it.
  const request = new IncomingMessage(new Socket());
  const recorder = new ServerResponse(request);
  // Helmet 8 throws on bad options instead of passing an error to next().
  helmet(options)(request, recorder, () => undefined);
  return Object.fromEntries(
    Object.entries(recorder.getHeaders()).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

/** Adds the precomputed security headers to every response, router errors and 404s included. */
export function useSecurityHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

import { type MikroORM, RequestContext } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';

/**
 * Every request gets its own EntityManager fork (identity map, unit of work), released with the
 * request. Done in a Fastify onRequest hook rather than @mikro-orm/nestjs's middleware: Nest runs
 * middleware on Fastify through middie, a second router per request (bench/README.md).
 */
export function useRequestContext(fastify: FastifyInstance, orm: MikroORM): void {
  fastify.addHook('onRequest', (_request, _reply, done) => {
    RequestContext.create(orm.em, done);
  });
}

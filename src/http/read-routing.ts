import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSISTENCY_TOKEN_HEADER, runOnRoute } from '../db/replicas/read-route.js';
import type { ReplicaSet } from '../db/replicas/replica-set.js';
import { decodeToken, encodeToken } from '../db/replicas/replication-sql.js';
import { errorBody } from '../errors/error-body.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes each request's reads. A request that may write (any method but GET, HEAD, OPTIONS)
 * reads and writes on the primary, and its answer carries the primary's position as a
 * consistency token. A read sent with a token reads from a replica only once that replica has
 * applied it (bounded by REPLICA_TOKEN_WAIT_MS), else from the primary; a read without one
 * reads from any replica in the read set, the same one for all its queries. A token is the
 * position itself, not a secret: a made-up but well-formed one costs its sender that wait and a
 * read on the primary, nothing more (the rate limit bounds how often).
 */
export function useReadRouting(fastify: FastifyInstance, replicas: ReplicaSet): void {
  const writes = new WeakSet<FastifyRequest>();
  fastify.addHook('onRequest', (request, reply, done) => {
    // The probes answer for the primary and take no token (a bad one must not fail a probe).
    if (request.url.startsWith('/health/')) {
      runOnRoute({ replica: -1 }, done);
      return;
    }
    if (!READS.has(request.method)) {
      writes.add(request);
      runOnRoute({ replica: -1 }, done);
      return;
    }
    const token = request.headers[CONSISTENCY_TOKEN_HEADER];
    if (token === undefined || token === '') {
      runOnRoute({}, done);
      return;
    }
    const position = typeof token === 'string' ? decodeToken(replicas.consistency, token) : undefined;
    if (position === undefined) {
      refuseToken(reply);
      return;
    }
    void replicas.waitFor(position).then((replica) => runOnRoute({ replica }, done));
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (writes.has(request) && reply.statusCode < 400) {
      const position = await replicas.primaryPosition().catch(() => undefined);
      if (position !== undefined) {
        void reply.header(CONSISTENCY_TOKEN_HEADER, encodeToken(position));
      }
    }
    return payload;
  });
}

function refuseToken(reply: FastifyReply): void {
  void reply
    .status(400)
    .send(
      errorBody(
        400,
        `${CONSISTENCY_TOKEN_HEADER} is not a consistency token: send back the value a write answered, unchanged`,
      ),
    );
}

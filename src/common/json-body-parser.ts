import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { findForbiddenKey } from './forbidden-keys.js';

class InvalidBodyError extends Error {
  readonly statusCode = 400;
}

/**
 * JSON bodies must be valid UTF-8 and free of prototype-reaching property names. Decoded as a string first, invalid bytes would silently turn
 * into U+FFFD and be stored; this parser reads the bytes and refuses them with a 400 instead.
 */
export function useStrictJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  // Fastify's own JSON parser, leaving prototype-reaching keys to findForbiddenKey below: with
  // its protections set to 'error' it refused them as "Body is not valid JSON", which is wrong
  // (the JSON is fine) and says nothing of the key. JSON.parse makes such a key a plain own
  // property, which pollutes nothing; it is refused before anything reads the body.
  const parseJson = fastify.getDefaultJsonParser('ignore', 'ignore');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    if (!isUtf8(body as Buffer)) {
      done(new InvalidBodyError('request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, (body as Buffer).toString('utf8'), (error, value) => {
      const forbidden = error ? undefined : findForbiddenKey(value);
      done(forbidden ? new InvalidBodyError(`property name "${forbidden}" is not allowed`) : error, value);
    });
  });
}

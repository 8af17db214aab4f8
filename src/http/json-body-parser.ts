import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonBodyProblem } from './json-body-rules.js';

class InvalidBodyError extends Error {
  readonly statusCode = 400;
}

class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;
}

/** The one media type the API reads bodies in. */
export const ACCEPTED_MEDIA_TYPE = 'application/json';

type Done = (error: Error | null, body?: unknown) => void;
type ParseString = (request: FastifyRequest, body: string, done: Done) => void;

/** What a 415 says: the type that was sent and the one that is accepted. */
export function unsupportedMediaTypeMessage(contentType: string | undefined): string {
  const sent = contentType?.trim() ? `"${contentType.trim().slice(0, 100)}"` : 'no content type';
  return `unsupported media type (${sent}): send the body as ${ACCEPTED_MEDIA_TYPE}`;
}

/**
 * JSON bodies must be valid UTF-8 and pass jsonBodyProblem (an object, bounded nesting, no
 * prototype-reaching names, no lone surrogates); every other media type is 415. Fastify's own
 * text/plain parser is removed: it handed a string to the DTOs, which answered 400 with
 * messages about the fields instead of the media type.
 */
export function useStrictJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  // Fastify's JSON parser with its prototype protections off: set to 'error', it refused such
  // keys as "Body is not valid JSON", which is wrong (the JSON is fine) and names no key.
  // jsonBodyProblem refuses them by name before anything reads the body.
  const parseJson = fastify.getDefaultJsonParser('ignore', 'ignore') as ParseString;
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(ACCEPTED_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    // Decoded as a string first, invalid bytes would silently turn into U+FFFD and be stored.
    if (!isUtf8(body as Buffer)) {
      done(new InvalidBodyError('request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, (body as Buffer).toString('utf8'), (error, value) => {
      const problem = error ? undefined : jsonBodyProblem(value);
      done(problem ? new InvalidBodyError(problem) : error, value);
    });
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, _body, done) => {
    done(new UnsupportedMediaTypeError(unsupportedMediaTypeMessage(request.headers['content-type'])), undefined);
  });
}

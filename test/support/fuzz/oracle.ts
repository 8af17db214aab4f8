import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mysql2/promise';
import { NameIndexer } from '../../../src/cooking/name-index/name-indexer.js';
import type { FuzzRequest } from './requests.js';
import { documentedRules, type Schema, SchemaValues } from './schema-values.js';

/** Statuses an operation may give a valid request for reasons of state, not of input. */
const STATE_STATUSES = new Set([404, 409, 422]);

/** Why the status breaks the request's kind: a valid request is served, an invalid one refused with a 4xx. */
export function statusProblem(request: FuzzRequest, status: number): string | undefined {
  if (status >= 500) {
    return `answered ${status}: no request may get a 5xx`;
  }
  if (request.kind === 'valid') {
    return status < 400 || STATE_STATUSES.has(status)
      ? undefined
      : `a request the document allows was refused with ${status}`;
  }
  const type = request.headers['content-type'];
  if (request.payload !== undefined && type !== undefined && !/^application\/json(;|$)/.test(type) && status !== 415) {
    // The document's 415: "the body is not application/json".
    return `a ${type} body was answered ${status}, not 415`;
  }
  return status >= 400 && status < 500 ? undefined : `a request the document forbids was answered ${status}`;
}

/**
 * A fingerprint of every table the API writes: an invalid request must leave it unchanged. Taken
 * once the app's name index has caught up, so an earlier valid write's grams do not land between
 * two fingerprints (src/cooking/name-index/).
 */
export async function fingerprint(admin: Connection, app: NestFastifyApplication): Promise<string> {
  await app.get(NameIndexer).indexed();
  const [rows] = await admin.query('CHECKSUM TABLE cookings, ingredients, cooking_ingredients, cooking_name_grams');
  return JSON.stringify(rows);
}

/** What the API stores for a sent value, by the field's documented rules ("trimmed"). */
function normalised(schema: Schema, value: unknown): unknown {
  return typeof value === 'string' && documentedRules(schema).trimmed ? value.trim() : value;
}

/**
 * After a valid write succeeded, a GET of what it wrote answers exactly what was sent, after the
 * documented normalisation (fields the document says are trimmed, trimmed; absent ones null on a
 * create and unchanged on a PATCH). Returns why not, or undefined.
 */
export async function roundTripProblem(
  app: NestFastifyApplication,
  document: Schema,
  request: FuzzRequest,
  answer: { statusCode: number; body: string },
): Promise<string | undefined> {
  const { method, path } = request.operation;
  if (answer.statusCode >= 300 || !['POST', 'PATCH', 'PUT'].includes(method)) {
    return undefined;
  }
  const written = JSON.parse(answer.body) as Record<string, unknown>;
  const location = method === 'POST' ? `${path}/${String(written.id)}` : request.url.split('?')[0];
  const read = await app.inject({ method: 'GET', url: location });
  if (read.body !== answer.body) {
    return `GET ${location} answered ${read.body.slice(0, 300)}, not what the write answered: ${answer.body.slice(0, 300)}`;
  }
  const values = new SchemaValues(document);
  const schema = values.resolve(request.operation.spec.requestBody.content['application/json'].schema as Schema);
  const sent = request.body as Record<string, unknown>;
  if (method === 'PUT') {
    const itemSchema = values.resolve(schema.properties.items.items as Schema);
    const expected = (sent.items as Record<string, unknown>[]).map((item) => ({
      ingredientId: item.ingredientId,
      quantity: normalised(itemSchema.properties.quantity as Schema, item.quantity),
    }));
    const got = (JSON.parse(answer.body) as Record<string, unknown>[]).map(({ ingredientId, quantity }) => ({
      ingredientId,
      quantity,
    }));
    return JSON.stringify(got) === JSON.stringify(expected)
      ? undefined
      : `the list read back is ${JSON.stringify(got).slice(0, 300)}, sent ${JSON.stringify(expected).slice(0, 300)}`;
  }
  for (const [field, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const wasSent = field in sent;
    if (!wasSent && method === 'PATCH') {
      continue;
    }
    const expected = wasSent ? normalised(values.resolve(property), sent[field]) : null;
    if (written[field] !== expected) {
      return `${field} read back as ${JSON.stringify(written[field])?.slice(0, 200)}, sent ${JSON.stringify(sent[field])?.slice(0, 200)} (expected ${JSON.stringify(expected)?.slice(0, 200)})`;
    }
  }
  return undefined;
}

import fc from 'fast-check';
import type { Connection } from 'mysql2/promise';
import { OpenApiContract } from '../support/openapi-contract.js';
import { fingerprint, roundTripProblem, statusProblem } from '../support/fuzz/oracle.js';
import { RequestGenerator } from '../support/fuzz/request-generator.js';
import { type FuzzRequest, type Kind, type Operation, operationsOf } from '../support/fuzz/requests.js';
import type { Schema } from '../support/fuzz/schema-values.js';
import { fuzzSettings } from '../support/fuzz/settings.js';
import { adminConnection } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Property-based fuzzing of every operation of the application's own OpenAPI document
 * (/docs-json), as Schemathesis does it, inside Jest: path, query, header and body values
 * generated from the document's schemas, valid ones (bounds, every Unicode plane, NUL, RTL,
 * combining marks) and invalid ones (wrong types, out of bounds, extra keys, lone surrogates,
 * deep nesting, huge numbers, bodies that are not objects, every content type). Invariants: no
 * 5xx; every status and body as the document declares (test/support/openapi-contract.ts); a
 * valid request is served (or refused for the state of the data: 404, 409, 422); a valid
 * write reads back as sent after the documented normalisation; an invalid request is a 4xx and
 * changes no row.
 */
const OPERATIONS = [
  'GET /cookings',
  'POST /cookings',
  'GET /cookings/{id}',
  'PATCH /cookings/{id}',
  'DELETE /cookings/{id}',
  'GET /cookings/{id}/ingredients',
  'PUT /cookings/{id}/ingredients',
  'GET /ingredients',
  'POST /ingredients',
  'GET /ingredients/{id}',
  'PATCH /ingredients/{id}',
  'DELETE /ingredients/{id}',
  'GET /health/live',
  'GET /health/ready',
];
/** Operations that take no input at all: nothing about a request to them can be invalid. */
const NO_INPUT = new Set(['GET /health/live', 'GET /health/ready']);

const settings = fuzzSettings();
const cases = OPERATIONS.flatMap((name, index) =>
  (['valid', 'invalid'] as Kind[])
    .filter((kind) => kind === 'valid' || !NO_INPUT.has(name))
    .map((kind) => ({ name, kind, index })),
);

describe(`API fuzzing from the OpenAPI document (seed ${settings.seed}, ${settings.runs} requests per operation and kind)`, () => {
  let ctx: TestApp;
  let document: Schema;
  let contract: OpenApiContract;
  let generator: RequestGenerator;
  let admin: Connection;
  const statuses = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    ctx = await startTestApp('fuzz');
    document = (await ctx.app.inject({ method: 'GET', url: '/docs-json' })).json();
    contract = new OpenApiContract(document as never);
    admin = await adminConnection(ctx.db.name);
    const create = async (url: string, body: object) =>
      (await ctx.app.inject({ method: 'POST', url, payload: body })).json().id as number;
    const pool = {
      cookings: [] as number[],
      ingredients: [] as number[],
      doomedCookings: [] as number[],
      doomedIngredients: [] as number[],
    };
    for (let i = 0; i < 40; i++) {
      const [cookings, ingredients] =
        i < 8 ? [pool.cookings, pool.ingredients] : [pool.doomedCookings, pool.doomedIngredients];
      cookings.push(await create('/cookings', { name: `料理 ${i}`, category: i % 2 ? '和食' : null }));
      ingredients.push(await create('/ingredients', { name: `材料 ${i}` }));
    }
    generator = new RequestGenerator(document, pool);
  });
  afterAll(async () => {
    for (const [name, counts] of statuses) {
      const shown = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
      process.stdout.write(`fuzz: ${name}: ${shown.join(' ')}\n`);
    }
    await admin?.end();
    await ctx?.close();
  });

  it('fuzzes exactly the operations the document has', () => {
    expect(
      operationsOf(document)
        .map((operation) => `${operation.method} ${operation.path}`)
        .sort(),
    ).toEqual([...OPERATIONS].sort());
  });

  async function check(request: FuzzRequest): Promise<void> {
    const before = request.kind === 'invalid' ? await fingerprint(admin, ctx.app) : undefined;
    const response = await ctx.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      payload: request.payload,
    });
    const key = `${request.method} ${request.operation.path} ${request.kind}`;
    const counts = statuses.get(key) ?? new Map<number, number>();
    counts.set(response.statusCode, (counts.get(response.statusCode) ?? 0) + 1);
    statuses.set(key, counts);
    const problem =
      statusProblem(request, response.statusCode) ??
      contract.mismatch(request.method, request.url, {
        statusCode: response.statusCode,
        contentType: response.headers['content-type']?.toString(),
        body: response.body,
      }) ??
      (request.kind === 'valid'
        ? await roundTripProblem(ctx.app, document, request, response)
        : before !== (await fingerprint(admin, ctx.app))
          ? 'an invalid request changed the database'
          : undefined);
    if (problem) {
      throw new Error(`${problem}; answered ${response.statusCode} ${response.body.slice(0, 300)}`);
    }
  }

  it.each(cases)('$name, $kind requests', async ({ name, kind, index }) => {
    const operation = operationsOf(document).find((item) => `${item.method} ${item.path}` === name) as Operation;
    await fc.assert(fc.asyncProperty(generator.requests(operation, kind), check), {
      seed: settings.seed + index * 2 + (kind === 'invalid' ? 1 : 0),
      numRuns: settings.runs,
    });
  });
});

import fc from 'fast-check';
import { FuzzRequest, idOf, type Operation, queryOf, toJson, urlOf } from './requests.js';
import type { Schema, SchemaValues } from './schema-values.js';

/** What the invalid requests need of the generator: the operation's parameters and body schema. */
export interface DocumentAccess {
  values: SchemaValues;
  parameters(operation: Operation, where: string): Schema[];
  bodySchema(operation: Operation): Schema | undefined;
}

/** Every other kind of body a client may send. */
const OTHER_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/png',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/vnd.api+json',
  'text/html',
  'garbage',
  'application/',
];

/**
 * Requests with one thing wrong, each made from a valid one: a bad path id, a bad, repeated,
 * unknown or badly escaped query parameter, a body the schema refuses (or that is not an
 * object, nests too deep, or is not JSON), or another media type.
 */
export function invalidRequests(
  base: fc.Arbitrary<FuzzRequest>,
  operation: Operation,
  document: DocumentAccess,
): fc.Arbitrary<FuzzRequest> {
  const choices: fc.Arbitrary<FuzzRequest>[] = [];
  if (operation.path.includes('{id}')) {
    choices.push(
      fc
        .tuple(base, invalidId)
        .map(([request, id]) => rebuilt(request, { url: urlOf(operation.path, id, queryOf(request)) })),
    );
  }
  const query = document.parameters(operation, 'query');
  if (query.length > 0) {
    // Escapes that are not UTF-8, written as they are: encodeURIComponent could not make them.
    const raw = fc.tuple(
      fc.constantFrom(...query.map((parameter) => parameter.name as string)),
      fc.constantFrom('%FF', '%ED%A0%80', '%', '%E8%82', 'a%2'),
    );
    choices.push(
      fc
        .tuple(base, raw)
        .map(([request, [name, value]]) =>
          rebuilt(request, { url: `${request.url}${request.url.includes('?') ? '&' : '?'}${name}=${value}` }),
        ),
    );
    choices.push(
      fc
        .tuple(base, invalidQueryPair(query))
        .map(([request, pair]) =>
          rebuilt(request, { url: urlOf(operation.path, idOf(request), [...queryOf(request), ...pair]) }),
        ),
    );
  }
  const schema = document.bodySchema(operation);
  if (schema) {
    choices.push(
      fc.tuple(base, invalidBody(document.values, schema)).map(([request, payload]) => withPayload(request, payload)),
    );
    choices.push(
      fc
        .tuple(base, fc.constantFrom(...OTHER_TYPES))
        .map(([request, type]) => rebuilt(request, { headers: { ...request.headers, 'content-type': type } })),
    );
  }
  if (choices.length === 0) {
    // Nothing to get wrong but the route: an unknown parameter on an operation that takes none.
    choices.push(base.map((request) => rebuilt(request, { url: `${request.url}?unknown=1` })));
  }
  return fc.oneof(...choices);
}

function invalidQueryPair(parameters: Schema[]): fc.Arbitrary<[string, string][]> {
  return fc.constantFrom(...parameters).chain((parameter): fc.Arbitrary<[string, string][]> => {
    const schema = parameter.schema as Schema;
    const name = parameter.name as string;
    const values: fc.Arbitrary<string> =
      name === 'cursor'
        ? fc.constantFrom('x', 'c1.', 'c1.!!', 'c2.MQ', 'c1.MA', `c1.${'A'.repeat(30)}`, 'c1.LTE')
        : schema.type === 'integer'
          ? fc.constantFrom(
              '',
              'abc',
              '1.5',
              '1e2',
              ' 5',
              '0x10',
              '-1',
              String((schema.maximum as number) + 1),
              '99999999999999999999',
            )
          : schema.enum
            ? fc.constantFrom('EXACT', 'all', '')
            : fc.constantFrom('x'.repeat(((schema.maxLength as number) ?? 255) + 1));
    return fc.oneof(
      values.map((value): [string, string][] => [[name, value]]),
      // A parameter given twice arrives as an array.
      fc.constant<[string, string][]>([
        [name, '1'],
        [name, '2'],
      ]),
      fc.constantFrom<[string, string][]>([['unknown', '1']], [['__proto__', '1']], [['constructor', 'x']]),
    );
  });
}

function invalidBody(values: SchemaValues, schema: Schema): fc.Arbitrary<string> {
  const deep = fc
    .tuple(fc.integer({ min: 33, max: 3_000 }), fc.boolean())
    .map(([levels, arrays]) =>
      arrays
        ? `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`
        : `{"x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`,
    );
  return fc.oneof(
    { weight: 6, arbitrary: values.invalidObject(schema).map(toJson) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'null',
        '[]',
        '42',
        '"x"',
        'true',
        '[{}]',
        `[${'['.repeat(1_500)}${']'.repeat(1_500)}]`,
      ),
    },
    { weight: 1, arbitrary: deep },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '{"a":', '{"a":1}{"b":2}', '{"a": NaN}', "{'a':1}"),
    },
  );
}

const invalidId = fc
  .oneof(
    fc.constantFrom(
      '0',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      'abc',
      '2147483648',
      '99999999999',
      '01',
      '+7',
      '%20',
      "1'",
      '🍣',
      'x'.repeat(101),
    ),
    fc.string({ minLength: 1, maxLength: 20 }).filter((text) => !/^[1-9]\d{0,9}$/.test(text)),
  )
  .map((id) => (id.startsWith('%') ? id : encodeURIComponent(id)));

function rebuilt(request: FuzzRequest, changes: { url?: string; headers?: Record<string, string> }): FuzzRequest {
  return new FuzzRequest(
    'invalid',
    request.operation,
    changes.url ?? request.url,
    changes.headers ?? request.headers,
    request.payload,
    request.body,
  );
}

function withPayload(request: FuzzRequest, payload: string): FuzzRequest {
  return new FuzzRequest(
    'invalid',
    request.operation,
    request.url,
    { ...request.headers, 'content-type': 'application/json' },
    payload,
    undefined,
  );
}

import fc from 'fast-check';
import { documentedRules, type RawNumber, type Schema, SchemaValues } from './schema-values.js';

export type Kind = 'valid' | 'invalid';

/** One generated request, printed as a reader would retype it when a property fails. */
export class FuzzRequest {
  constructor(
    readonly kind: Kind,
    readonly operation: Operation,
    readonly url: string,
    readonly headers: Record<string, string>,
    /** The raw body sent, if any. */
    readonly payload: string | undefined,
    /** The body as a value, when it is valid JSON (for the round trip). */
    readonly body: unknown,
  ) {}

  get method(): string {
    return this.operation.method;
  }

  [fc.toStringMethod](): string {
    const headers = Object.entries(this.headers).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
    const shown = this.payload === undefined ? '' : ` ${JSON.stringify(this.payload.slice(0, 600))}`;
    const cut = this.payload !== undefined && this.payload.length > 600 ? ` (${this.payload.length} chars)` : '';
    return `${this.kind} ${this.method} ${this.url.slice(0, 600)} [${headers.join(', ')}]${shown}${cut}`;
  }
}

export interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

/** Every operation of the document. */
export function operationsOf(document: Schema): Operation[] {
  return Object.entries(document.paths as Record<string, Schema>).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ method: method.toUpperCase(), path, spec: item[method] as Schema })),
  );
}

/**
 * Ids of rows that exist, so that valid requests reach the rows and not only 404. DELETE takes
 * its ids from rows of its own, so that it leaves the others to the other operations.
 */
export interface IdPool {
  cookings: number[];
  ingredients: number[];
  doomedCookings: number[];
  doomedIngredients: number[];
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
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

/** JSON text, with RawNumber placeholders written as the literal they carry. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && 'raw' in item) {
      raws.push((item as RawNumber).raw);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return item;
  });
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)]);
}

/** Request generators for the operations of one document. */
export class RequestGenerator {
  private readonly values: SchemaValues;

  constructor(
    document: Schema,
    private readonly pool: IdPool,
  ) {
    this.values = new SchemaValues(document);
  }

  requests(operation: Operation, kind: Kind): fc.Arbitrary<FuzzRequest> {
    return kind === 'valid' ? this.valid(operation) : this.invalid(operation);
  }

  private parameters(operation: Operation, where: string): Schema[] {
    return ((operation.spec.parameters ?? []) as Schema[]).filter((parameter) => parameter.in === where);
  }

  private bodySchema(operation: Operation): Schema | undefined {
    const schema = operation.spec.requestBody?.content?.['application/json']?.schema as Schema | undefined;
    return schema ? this.values.resolve(schema) : undefined;
  }

  private validId(operation: Operation): fc.Arbitrary<number> {
    const ingredients = operation.path.startsWith('/ingredients');
    const doomed = operation.method === 'DELETE';
    const rows = ingredients
      ? doomed
        ? this.pool.doomedIngredients
        : this.pool.ingredients
      : doomed
        ? this.pool.doomedCookings
        : this.pool.cookings;
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...rows) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) },
    );
  }

  private validQuery(operation: Operation): fc.Arbitrary<[string, string][]> {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const parameter of this.parameters(operation, 'query')) {
      // A cursor is opaque: valid ones are what a page answered, an id base64url-encoded.
      model[parameter.name] =
        parameter.name === 'cursor'
          ? fc
              .integer({ min: 1, max: 2_147_483_647 })
              .map((id) => `c1.${Buffer.from(String(id)).toString('base64url')}`)
          : this.values.valid(parameter.schema as Schema);
    }
    return fc.record(model, { requiredKeys: [] }).map((query) => {
      // The document's offset and cursor are two ways to page; together they are refused.
      if (query.cursor !== undefined) {
        delete query.offset;
      }
      return Object.entries(query).map(([name, value]) => [name, String(value)] as [string, string]);
    });
  }

  private validHeaders(operation: Operation): fc.Arbitrary<Record<string, string>> {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const parameter of this.parameters(operation, 'header')) {
      model[parameter.name.toLowerCase()] = fc.stringMatching(new RegExp(parameter.schema.pattern as string), {
        maxLength: 64,
      });
    }
    return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
  }

  private validBody(operation: Operation): fc.Arbitrary<unknown> {
    const schema = this.bodySchema(operation);
    if (!schema) {
      return fc.constant(undefined);
    }
    let body = this.values.valid(schema);
    if (schema.properties?.items?.items) {
      // "each ingredient at most once", and mostly ingredients that exist.
      body = fc
        .uniqueArray(
          fc.record({
            ingredientId: fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...this.pool.ingredients) },
              { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) },
            ),
            quantity: this.values.valid(
              this.values.resolve(schema.properties.items.items as Schema).properties.quantity,
            ),
          }),
          { selector: (item) => item.ingredientId, maxLength: 5 },
        )
        .map((items) => ({ items }));
    }
    return body;
  }

  private valid(operation: Operation): fc.Arbitrary<FuzzRequest> {
    return fc
      .record({
        id: this.validId(operation),
        query: this.validQuery(operation),
        headers: this.validHeaders(operation),
        body: this.validBody(operation),
        type: fc.constantFrom(...JSON_TYPES),
      })
      .map(({ id, query, headers, body, type }) => {
        const withBody = body !== undefined;
        return new FuzzRequest(
          'valid',
          operation,
          urlOf(operation.path, String(id), query),
          withBody ? { ...headers, 'content-type': type } : headers,
          withBody ? toJson(body) : undefined,
          body,
        );
      });
  }

  private invalid(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const base = this.valid(operation);
    const choices: fc.Arbitrary<FuzzRequest>[] = [];
    if (operation.path.includes('{id}')) {
      choices.push(
        fc
          .tuple(base, invalidId)
          .map(([request, id]) => rebuilt(request, { url: urlOf(operation.path, id, queryOf(request)) })),
      );
    }
    const query = this.parameters(operation, 'query');
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
          .tuple(base, this.invalidQueryPair(query))
          .map(([request, pair]) =>
            rebuilt(request, { url: urlOf(operation.path, idOf(request), [...queryOf(request), ...pair]) }),
          ),
      );
    }
    const schema = this.bodySchema(operation);
    if (schema) {
      choices.push(fc.tuple(base, this.invalidBody(schema)).map(([request, payload]) => withPayload(request, payload)));
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

  private invalidQueryPair(parameters: Schema[]): fc.Arbitrary<[string, string][]> {
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

  private invalidBody(schema: Schema): fc.Arbitrary<string> {
    const deep = fc
      .tuple(fc.integer({ min: 33, max: 3_000 }), fc.boolean())
      .map(([levels, arrays]) =>
        arrays
          ? `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`
          : `{"x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`,
      );
    return fc.oneof(
      { weight: 6, arbitrary: this.values.invalidObject(schema).map(toJson) },
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

function urlOf(path: string, id: string, query: [string, string][]): string {
  const search = query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return `${path.replace('{id}', id)}${search ? `?${search}` : ''}`;
}

function queryOf(request: FuzzRequest): [string, string][] {
  const search = request.url.split('?')[1] ?? '';
  return search === ''
    ? []
    : search.split('&').map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]);
}

function idOf(request: FuzzRequest): string {
  return request.operation.path.includes('{id}') ? request.url.split('?')[0].split('/')[2] : '';
}

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

export { documentedRules };

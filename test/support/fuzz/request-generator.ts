import fc from 'fast-check';
import { invalidRequests } from './invalid-requests.js';
import { FuzzRequest, type IdPool, type Kind, type Operation, toJson, urlOf } from './requests.js';
import { type Schema, SchemaValues } from './schema-values.js';

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];

/** Request generators for the operations of one document. */
export class RequestGenerator {
  readonly values: SchemaValues;

  constructor(
    document: Schema,
    private readonly pool: IdPool,
  ) {
    this.values = new SchemaValues(document);
  }

  requests(operation: Operation, kind: Kind): fc.Arbitrary<FuzzRequest> {
    return kind === 'valid' ? this.valid(operation) : invalidRequests(this.valid(operation), operation, this);
  }

  parameters(operation: Operation, where: string): Schema[] {
    return ((operation.spec.parameters ?? []) as Schema[]).filter((parameter) => parameter.in === where);
  }

  bodySchema(operation: Operation): Schema | undefined {
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
}

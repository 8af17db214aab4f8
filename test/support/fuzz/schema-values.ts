import fc from 'fast-check';
import { codePoints, loneSurrogate, text } from './text.js';

export type Schema = Record<string, any>;

/** A JSON value that may carry numbers JSON.stringify cannot write (a literal of 30 digits). */
export interface RawNumber {
  raw: string;
}

/**
 * What a field's description in the document adds to its schema: "trimmed" (the API trims the
 * value, so a valid value must hold more than whitespace, and what is stored is trimmed) and
 * "at most N bytes of UTF-8" (a TEXT column's bound, tighter than maxLength for non-ASCII).
 */
export function documentedRules(schema: Schema): { trimmed: boolean; maxBytes?: number } {
  const description = String(schema.description ?? '');
  const bytes = /at most ([\d,]+) bytes/.exec(description)?.[1];
  return { trimmed: /\btrimmed\b/.test(description), maxBytes: bytes ? Number(bytes.replaceAll(',', '')) : undefined };
}

/** The schemas of one OpenAPI document, with their $refs resolved. */
export class SchemaValues {
  constructor(private readonly document: Schema) {}

  resolve(schema: Schema): Schema {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.split('/').at(-1) as string;
      return this.resolve(this.document.components.schemas[name] as Schema);
    }
    return schema;
  }

  /** Values the schema (and the rules its description states) accepts, its bounds included. */
  valid(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const base = this.validBase(schema);
    return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
  }

  private validBase(schema: Schema): fc.Arbitrary<unknown> {
    if (Array.isArray(schema.enum)) {
      return fc.constantFrom(...(schema.enum as unknown[]).filter((value) => value !== null));
    }
    switch (schema.type) {
      case 'integer':
        return integerIn(schema.minimum ?? -(2 ** 31), schema.maximum ?? 2 ** 31 - 1);
      case 'string':
        return validString(schema);
      case 'array':
        return fc.array(this.valid(schema.items as Schema), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
      case 'object':
        return this.validObject(schema);
      default:
        throw new Error(`the fuzzer has no generator for schema type ${String(schema.type)}`);
    }
  }

  private validObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
    const model = Object.fromEntries(properties.map(([name, property]) => [name, this.valid(property)]));
    return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
  }

  /** Values the schema refuses: wrong types, out of bounds, extra keys, lone surrogates, nesting. */
  invalid(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const wrongTypes = fc.constantFrom<unknown>(
      ...[42, -0.5, true, [], ['a'], { a: 1 }, 'x', ...(schema.nullable ? [] : [null])].filter(
        (value) => typeof value !== jsType(schema) || (schema.type === 'object' && Array.isArray(value)),
      ),
    );
    switch (schema.type) {
      case 'integer':
        return fc.oneof(wrongTypes, invalidInteger(schema));
      case 'string':
        return schema.enum
          ? fc.oneof(wrongTypes, fc.constant('none-of-these'))
          : fc.oneof(wrongTypes, invalidString(schema));
      case 'array':
        return fc.oneof(wrongTypes, this.invalidArray(schema));
      case 'object':
        return fc.oneof(wrongTypes, this.invalidObject(schema));
      default:
        return wrongTypes;
    }
  }

  private invalidArray(schema: Schema): fc.Arbitrary<unknown> {
    const items = schema.items as Schema;
    const oneBad = fc
      .tuple(fc.array(this.valid(items), { maxLength: 3 }), this.invalid(items))
      .map(([good, bad]) => [...good, bad]);
    const max = schema.maxItems as number | undefined;
    return max === undefined
      ? oneBad
      : fc.oneof(oneBad, fc.array(this.valid(items), { minLength: max + 1, maxLength: max + 1 }));
  }

  /** An object with one thing wrong: a field out of its schema, a required one missing, or a key too many. */
  invalidObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const valid = this.validObject(schema);
    const names = Object.keys(properties);
    const choices: fc.Arbitrary<Record<string, unknown>>[] = [
      fc
        .tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
        .filter(([, key]) => !(key in properties))
        .map(([object, key, value]) => ({ ...object, [key]: value })),
    ];
    if (names.length > 0) {
      choices.push(
        fc
          .tuple(valid, fc.constantFrom(...names))
          .chain(([object, name]) => this.invalid(properties[name]).map((bad) => ({ ...object, [name]: bad }))),
      );
    }
    const required = (schema.required ?? []) as string[];
    if (required.length > 0) {
      choices.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([object, name]) => {
          const rest = { ...object };
          delete rest[name];
          return rest;
        }),
      );
    }
    return fc.oneof(...choices);
  }
}

function jsType(schema: Schema): string {
  return schema.type === 'integer' ? 'number' : schema.type === 'array' ? 'object' : String(schema.type);
}

function integerIn(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(min, Math.min(min + 1, max), Math.max(max - 1, min), max), fc.integer({ min, max }));
}

function invalidInteger(schema: Schema): fc.Arbitrary<unknown> {
  const min = (schema.minimum ?? -(2 ** 31)) as number;
  const max = (schema.maximum ?? 2 ** 31 - 1) as number;
  return fc.oneof(
    fc.constantFrom<unknown>(min - 1, max + 1, 1.5, 1e308, -1e308, 2 ** 53 + 2, {
      raw: '123456789012345678901234567890',
    }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
    fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }),
  );
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const { trimmed, maxBytes } = documentedRules(schema);
  const min = (schema.minLength ?? 0) as number;
  const max = (schema.maxLength ?? 300) as number;
  let values = text(min, Math.min(max, maxBytes ?? max, 2_000));
  if (schema.pattern === '\\S' || trimmed) {
    // More than whitespace: the API trims first and then counts.
    values = values.map((value) => (value.trim() === '' ? `x${Array.from(value).slice(1).join('')}` : value));
  }
  if (maxBytes !== undefined) {
    // The byte bound itself, in one-byte and three-byte characters.
    values = fc.oneof(
      { weight: 8, arbitrary: values },
      fc.constantFrom('x'.repeat(maxBytes), 'あ'.repeat(Math.floor(maxBytes / 3))),
    );
  }
  return values;
}

function invalidString(schema: Schema): fc.Arbitrary<unknown> {
  const { maxBytes } = documentedRules(schema);
  const max = (schema.maxLength ?? 300) as number;
  const tooLong = fc
    .tuple(text(1, 3), fc.constantFrom('x', 'あ', '🍣', 'a\uFE0F'))
    .map(([tail, unit]) => unit.repeat(Math.ceil((max + 1) / codePoints(unit))) + tail);
  const choices: fc.Arbitrary<unknown>[] = [
    tooLong,
    fc.tuple(text(0, 5), loneSurrogate, text(0, 5)).map(([before, lone, after]) => `${before}${lone}${after}`),
  ];
  if (schema.minLength === 1 || schema.pattern === '\\S') {
    choices.push(fc.constantFrom('', ' ', '\t\n', '\u3000', '\uFEFF \u00A0'));
  }
  if (maxBytes !== undefined) {
    choices.push(fc.constant('x'.repeat(maxBytes + 1)));
  }
  return fc.oneof(...choices);
}

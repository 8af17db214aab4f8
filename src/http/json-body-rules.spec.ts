import { jsonBodyProblem, MAX_JSON_DEPTH } from './json-body-rules.js';

const nested = (levels: number) => JSON.parse(`{"x":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`) as unknown;

describe('jsonBodyProblem', () => {
  it('takes an ordinary body', () => {
    expect(
      jsonBodyProblem({ name: '肉じゃが 🍲', items: [{ ingredientId: 1, quantity: 'a\u0000b' }] }),
    ).toBeUndefined();
  });

  it.each([
    [null, 'null'],
    [[], 'an array'],
    [42, 'a number'],
    ['x', 'a string'],
    [true, 'a boolean'],
  ])('refuses a body that is not an object: %j', (body, kind) => {
    expect(jsonBodyProblem(body)).toBe(`the body must be a JSON object (got ${kind})`);
  });

  it(`bounds nesting at ${MAX_JSON_DEPTH} levels, naming the limit`, () => {
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH + 1))).toBe(
      `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, the limit`,
    );
    // The 1,500 levels: refused here, before class-transformer's recursion overflowed.
    expect(jsonBodyProblem(nested(1_500))).toMatch(/more than 32 levels deep/);
  });

  it('refuses a lone surrogate in a value or a key, naming where', () => {
    expect(jsonBodyProblem(JSON.parse('{"name":"\\ud800x"}'))).toBe(
      'name holds a lone surrogate (\\ud800 without its pair): it is not a Unicode character and cannot be stored; ' +
        'send well-formed UTF-16 escapes or UTF-8',
    );
    expect(jsonBodyProblem(JSON.parse('{"items":[{"quantity":"\\udfff"}]}'))).toMatch(
      /^items\[0\]\.quantity holds a lone surrogate \(\\udfff/,
    );
    expect(jsonBodyProblem(JSON.parse('{"\\udc00":1}'))).toMatch(/^a property name holds a lone surrogate/);
    // A pair written as two escapes is one character.
    expect(jsonBodyProblem(JSON.parse('{"name":"\\ud83c\\udf63"}'))).toBeUndefined();
  });

  it('refuses prototype-reaching property names at any depth', () => {
    expect(jsonBodyProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe('property name "__proto__" is not allowed');
    expect(jsonBodyProblem({ items: [{ constructor: 1 }] })).toBe('property name "constructor" is not allowed');
  });
});

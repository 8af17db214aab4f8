import { findForbiddenKey } from './forbidden-keys.js';

describe('findForbiddenKey', () => {
  it('finds prototype-reaching names at any depth, including own __proto__ keys from JSON.parse', () => {
    expect(findForbiddenKey(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe('__proto__');
    expect(findForbiddenKey({ items: [{ constructor: 1 }] })).toBe('constructor');
    expect(findForbiddenKey({ prototype: null })).toBe('prototype');
  });

  it('passes ordinary input', () => {
    expect(findForbiddenKey({ name: 'x', items: [{ ingredientId: 1 }] })).toBeUndefined();
    expect(findForbiddenKey('constructor')).toBeUndefined();
    expect(findForbiddenKey(null)).toBeUndefined();
  });
});

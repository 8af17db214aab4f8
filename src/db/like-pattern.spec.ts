import { containsPattern } from './like-pattern.js';

describe('containsPattern', () => {
  it('wraps plain text in %', () => {
    expect(containsPattern('カレー')).toBe('%カレー%');
  });

  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

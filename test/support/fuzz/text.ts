import fc from 'fast-check';

/**
 * Single code points chosen for what they do to text handling: NUL, bidirectional controls and
 * right-to-left letters, combining marks, variation selectors, whitespace JavaScript's trim()
 * removes (BOM, ideographic space, no-break space) and some it keeps, the replacement
 * character, noncharacters, LIKE's wildcards and SQL's quotes.
 */
const SPECIAL = [
  '\u0000',
  '\u202E',
  '\u200F',
  'ש',
  'ع',
  '\u0301',
  '\uFE0F',
  '\u200D',
  '\uFEFF',
  '\u3000',
  '\u00A0',
  '\u0085',
  '\u200B',
  '\t',
  '\n',
  ' ',
  '\uFFFD',
  '\uFFFF',
  '\uFDD0',
  '%',
  '_',
  '\\',
  "'",
  '"',
  'あ',
  'ア',
  '肉',
] as const;

const isSurrogate = (codePoint: number) => codePoint >= 0xd800 && codePoint <= 0xdfff;

/** A code point of one Unicode plane (0 to 16), never a surrogate. */
function inPlane(plane: number): fc.Arbitrary<string> {
  return fc
    .integer({ min: plane * 0x10000, max: plane * 0x10000 + 0xffff })
    .filter((codePoint) => !isSurrogate(codePoint))
    .map((codePoint) => String.fromCodePoint(codePoint));
}

/** One code point: ASCII, a special one, or one of any plane (astral ones included). */
export const codePoint: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: inPlane(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 16 }).chain(inPlane) },
);

/** Text of min to max code points; `exact` lengths at the bounds come as often as any other. */
export function text(min: number, max: number): fc.Arbitrary<string> {
  const join = (points: string[]) => points.join('');
  const upTo = Math.min(max, min + 40);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(codePoint, { minLength: min, maxLength: upTo }).map(join) },
    { weight: 1, arbitrary: fc.array(codePoint, { minLength: max, maxLength: max }).map(join) },
    { weight: 1, arbitrary: fc.array(codePoint, { minLength: min, maxLength: min }).map(join) },
  );
}

/** A lone UTF-16 surrogate: JSON's \u escapes can spell one, no UTF-8 column can hold it. */
export const loneSurrogate: fc.Arbitrary<string> = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => String.fromCharCode(unit));

/** Code points in a string, as VARCHAR and JSON Schema count them. */
export const codePoints = (value: string) => Array.from(value).length;

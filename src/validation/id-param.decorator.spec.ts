import { BadRequestException } from '@nestjs/common';
import { MAX_ID, parseId } from './id-param.decorator.js';

describe('parseId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [String(MAX_ID), MAX_ID],
  ])('accepts %s', (text, expected) => {
    expect(parseId(text)).toBe(expected);
  });

  it.each(['0', '-1', '+1', '01', '1.0', '1e3', '0x1f', ' 1', '1 ', '', 'abc', String(MAX_ID + 1), '9'.repeat(30)])(
    'refuses %p with a 400',
    (text) => {
      expect(() => parseId(text)).toThrow(BadRequestException);
      expect(() => parseId(text)).toThrow(/id must be a positive integer up to 2147483647/);
    },
  );

  it('names the parameter and cuts long input in the message', () => {
    expect(() => parseId('x'.repeat(500), 'cookingId')).toThrow(
      `cookingId must be a positive integer up to ${MAX_ID} (got "${'x'.repeat(40)}")`,
    );
  });
});

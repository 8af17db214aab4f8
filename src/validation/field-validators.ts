import { ValidateBy, type ValidationArguments } from 'class-validator';
import { queryIntProblem } from './query-int.transform.js';

/**
 * A string's length in Unicode code points: what a VARCHAR(n) column and JSON Schema's
 * maxLength count. class-validator's Length counts UTF-16 units less surrogate pairs and
 * variation selectors, so 255 × "a\uFE0F" passed as 255 and the 510-character name failed in
 * the database.
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    length++;
  }
  return length;
}

export interface TextBounds {
  /** In code points. */
  min?: number;
  /** In code points. */
  max?: number;
  /** In bytes of UTF-8: a TEXT column holds 65,535 bytes, not characters ('あ' takes three). */
  maxBytes?: number;
  /** The message for a string out of bounds; by default class-validator's wording of MaxLength. */
  message?: string;
}

function textProblem(value: unknown, { min = 0, max = Infinity, maxBytes = Infinity }: TextBounds) {
  if (typeof value !== 'string') {
    return 'type';
  }
  const length = codePointLength(value);
  const tooLong = length > max || (maxBytes < Infinity && Buffer.byteLength(value, 'utf8') > maxBytes);
  return length < min || tooLong ? 'length' : undefined;
}

/**
 * A string of min to max code points, with one message for what is wrong: "must be a string"
 * for another type, else the length message (IsString beside Length answered a number with both).
 */
export function IsText(bounds: TextBounds): PropertyDecorator {
  return ValidateBy({
    name: 'isText',
    validator: {
      validate: (value: unknown) => textProblem(value, bounds) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        textProblem(args?.value, bounds) === 'type'
          ? `${args?.property} must be a string`
          : (bounds.message ?? `${args?.property} must be shorter than or equal to ${bounds.max} characters`),
    },
  });
}

/** A JSON integer within [min, max], with the one message that applies (IsInt, Min and Max gave up to three). */
export function IsIntegerIn(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isIntegerIn',
    validator: {
      validate: (value: unknown) => queryIntProblem(value, min, max) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} ${queryIntProblem(args?.value, min, max) ?? 'is invalid'}`,
    },
  });
}

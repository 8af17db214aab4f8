import { Transform } from 'class-transformer';

/**
 * What a name must match once trimmed to be non-empty, for the OpenAPI document: JSON Schema's
 * `minLength: 1` alone would let a name of spaces through, which the API refuses.
 */
export const NON_BLANK = '\\S';

/** Trims string input before validation; other types pass through untouched so validators reject them. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

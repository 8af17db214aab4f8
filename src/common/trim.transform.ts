import { Transform } from 'class-transformer';

/** Trims string input before validation; other types pass through untouched so validators reject them. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

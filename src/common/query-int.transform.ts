import { Transform } from 'class-transformer';

/**
 * A query-string integer written in plain decimal digits. Number() would also take "1e2",
 * "0x10", " 5" or "" (as 0); those become NaN here so the @IsInt() check refuses them.
 */
export function QueryInt(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'number') {
      return value;
    }
    return typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  });
}

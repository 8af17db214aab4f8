import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/** Why a query integer is refused, in class-validator's own words; undefined when it is fine. */
export function queryIntProblem(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return 'must be an integer number';
  }
  if (value < min) {
    return `must not be less than ${min}`;
  }
  return value > max ? `must not be greater than ${max}` : undefined;
}

/**
 * A query-string integer written in plain decimal digits (a leading minus allowed, so that "-1"
 * is refused for its range, not its form), within [min, max]: one message, the one that applies.
 * Number() would also take "1e2", "0x10", " 5" or "" (as 0); those are not integers here.
 */
export function QueryInt(min: number, max: number, hintAboveMax?: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (typeof value === 'number') {
        return value;
      }
      return typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    }),
    ValidateBy({
      name: 'queryInt',
      validator: {
        validate: (value: unknown) => queryIntProblem(value, min, max) === undefined,
        defaultMessage: (args?: ValidationArguments) => {
          const problem = queryIntProblem(args?.value, min, max) ?? 'is invalid';
          const aboveMax = hintAboveMax && typeof args?.value === 'number' && args.value > max;
          return `${args?.property} ${problem}${aboveMax ? `; ${hintAboveMax}` : ''}`;
        },
      },
    }),
  );
}

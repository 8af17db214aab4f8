import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateBy, ValidateNested } from 'class-validator';
import { IsIntegerIn, IsText } from '../../validation/field-validators.js';
import { MAX_ID } from '../../validation/id-param.decorator.js';
import { NON_BLANK, Trim } from '../../validation/trim.transform.js';
import { ID_SCHEMA } from '../../openapi/api-docs.js';

export class CookingIngredientItemDto {
  @ApiProperty({ ...ID_SCHEMA, example: 1 })
  @IsIntegerIn(1, MAX_ID)
  ingredientId!: number;

  @ApiProperty({ example: '200g', minLength: 1, maxLength: 50, pattern: NON_BLANK, description: 'trimmed' })
  @Trim()
  @IsText({ min: 1, max: 50, message: 'quantity must be 1 to 50 characters long after trimming' })
  quantity!: string;
}

export const MAX_INGREDIENTS = 100;

const isEntry = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with the list as a whole (not with one entry's fields), if anything. */
function listProblem(value: unknown, max: number): string | undefined {
  if (!Array.isArray(value)) {
    return 'must be an array';
  }
  if (value.length > max) {
    return `must contain no more than ${max} elements`;
  }
  const index = value.findIndex((entry) => !isEntry(entry));
  if (index === -1) {
    return undefined;
  }
  const entry: unknown = value[index];
  const kind = entry === null ? 'null' : Array.isArray(entry) ? 'an array' : `a ${typeof entry}`;
  return `.${index} must be an object {"ingredientId", "quantity"} (got ${kind})`;
}

/**
 * An array of at most `max` objects, in one message. The fields of each entry are checked by
 * ValidateNested only once this passes (the pipe stops at a property's first error): it
 * answered {"items":{"a":1}} with six messages, a null entry with "each value in nested property
 * items must be either object or array", and let an entry that is an array through unchecked.
 */
function IsListOfAtMost(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isListOfAtMost',
    validator: {
      validate: (value: unknown) => listProblem(value, max) === undefined,
      defaultMessage: (args) => {
        const problem = listProblem(args?.value, max) ?? 'is invalid';
        return `${args?.property}${problem.startsWith('.') ? '' : ' '}${problem}`;
      },
    },
  });
}

/** The whole ingredient list of a cooking, in display order; it replaces the stored one. */
export class ReplaceCookingIngredientsDto {
  @ApiProperty({ type: [CookingIngredientItemDto], maxItems: MAX_INGREDIENTS })
  @ValidateNested({ each: true })
  @Type(() => CookingIngredientItemDto)
  @IsListOfAtMost(MAX_INGREDIENTS)
  items!: CookingIngredientItemDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { MAX_ID } from '../../common/id-param.decorator.js';
import { NON_BLANK, Trim } from '../../common/trim.transform.js';
import { ID_SCHEMA } from '../../common/api-docs.js';

export class CookingIngredientItemDto {
  @ApiProperty({ ...ID_SCHEMA, example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ingredientId!: number;

  @ApiProperty({ example: '200g', minLength: 1, maxLength: 50, pattern: NON_BLANK, description: 'trimmed' })
  @Trim()
  @IsString()
  @Length(1, 50, { message: 'quantity must be 1 to 50 characters long after trimming' })
  quantity!: string;
}

export const MAX_INGREDIENTS = 100;

/**
 * An array of at most `max` entries, in one message: IsArray with ArrayMaxSize answered a
 * missing list with both "must be an array" and "must contain no more than 100 elements".
 */
function IsListOfAtMost(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isListOfAtMost',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.length <= max,
      defaultMessage: (args) =>
        Array.isArray(args?.value)
          ? `${args.property} must contain no more than ${max} elements`
          : `${args?.property} must be an array`,
    },
  });
}

/** The whole ingredient list of a cooking, in display order; it replaces the stored one. */
export class ReplaceCookingIngredientsDto {
  @ApiProperty({ type: [CookingIngredientItemDto], maxItems: MAX_INGREDIENTS })
  @IsListOfAtMost(MAX_INGREDIENTS)
  @ValidateNested({ each: true })
  @Type(() => CookingIngredientItemDto)
  items!: CookingIngredientItemDto[];
}

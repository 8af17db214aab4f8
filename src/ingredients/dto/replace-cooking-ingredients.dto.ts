import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { MAX_ID } from '../../common/id-param.decorator.js';
import { Trim } from '../../common/trim.transform.js';

export class CookingIngredientItemDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ingredientId!: number;

  @ApiProperty({ example: '200g', minLength: 1, maxLength: 50 })
  @Trim()
  @IsString()
  @Length(1, 50, { message: 'quantity must be 1 to 50 characters long after trimming' })
  quantity!: string;
}

/** The whole ingredient list of a cooking, in display order; it replaces the stored one. */
export class ReplaceCookingIngredientsDto {
  @ApiProperty({ type: [CookingIngredientItemDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CookingIngredientItemDto)
  items!: CookingIngredientItemDto[];
}

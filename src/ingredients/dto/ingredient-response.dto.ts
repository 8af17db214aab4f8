import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiTimestampProperty } from '../../openapi/api-docs.js';
import { PageFieldsDto } from '../../db/page.dto.js';
import { MAX_LIMIT } from '../../db/pagination.dto.js';
import type { IngredientLine } from '../cooking-ingredient.repository.js';
import type { IngredientRecord } from '../ingredient.entity.js';

export class IngredientResponseDto {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ example: '玉ねぎ', maxLength: 100 })
  name!: string;

  @ApiTimestampProperty()
  createdAt!: string;

  @ApiTimestampProperty()
  updatedAt!: string;

  static from(ingredient: IngredientRecord): IngredientResponseDto {
    return {
      id: ingredient.id,
      name: ingredient.name,
      createdAt: ingredient.createdAt.toISOString(),
      updatedAt: ingredient.updatedAt.toISOString(),
    };
  }
}

export class CookingIngredientResponseDto {
  @ApiIdProperty()
  ingredientId!: number;

  @ApiProperty({ example: '玉ねぎ', maxLength: 100 })
  name!: string;

  @ApiProperty({ example: '1個', maxLength: 50 })
  quantity!: string;

  static from(line: IngredientLine): CookingIngredientResponseDto {
    return { ingredientId: line.ingredientId, name: line.name, quantity: line.quantity };
  }
}

export class IngredientPageDto extends PageFieldsDto {
  @ApiProperty({ type: [IngredientResponseDto], maxItems: MAX_LIMIT })
  items!: IngredientResponseDto[];
}

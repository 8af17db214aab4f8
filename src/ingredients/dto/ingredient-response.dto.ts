import { ApiProperty } from '@nestjs/swagger';
import type { IngredientLine } from '../cooking-ingredient.repository.js';
import type { IngredientRecord } from '../ingredient.entity.js';

export class IngredientResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: '玉ねぎ' })
  name!: string;

  @ApiProperty({ example: '2026-11-25T07:00:43.000Z', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T07:00:43.000Z', format: 'date-time' })
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
  @ApiProperty({ example: 1 })
  ingredientId!: number;

  @ApiProperty({ example: '玉ねぎ' })
  name!: string;

  @ApiProperty({ example: '1個' })
  quantity!: string;

  static from(line: IngredientLine): CookingIngredientResponseDto {
    return { ingredientId: line.ingredientId, name: line.name, quantity: line.quantity };
  }
}

export class IngredientPageDto {
  @ApiProperty({ type: [IngredientResponseDto] })
  items!: IngredientResponseDto[];

  @ApiProperty({ example: 12 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;
}

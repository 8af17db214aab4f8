import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiTimestampProperty } from '../../common/api-docs.js';
import { MAX_LIMIT } from '../../common/pagination.dto.js';
import type { CookingRecord } from '../cooking.entity.js';

export class CookingResponseDto {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ example: '肉じゃが', maxLength: 255 })
  name!: string;

  @ApiProperty({ example: '和食', nullable: true, type: String, maxLength: 100 })
  category!: string | null;

  @ApiProperty({ example: '甘辛い煮物', nullable: true, type: String, maxLength: 65_535 })
  description!: string | null;

  @ApiTimestampProperty()
  createdAt!: string;

  @ApiTimestampProperty()
  updatedAt!: string;

  static from(cooking: CookingRecord): CookingResponseDto {
    return {
      id: cooking.id,
      name: cooking.name,
      category: cooking.category ?? null,
      description: cooking.description ?? null,
      createdAt: cooking.createdAt.toISOString(),
      updatedAt: cooking.updatedAt.toISOString(),
    };
  }
}

export class CookingPageDto {
  @ApiProperty({ type: [CookingResponseDto], maxItems: MAX_LIMIT })
  items!: CookingResponseDto[];

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 42 })
  total!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_LIMIT, example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 0 })
  offset!: number;
}

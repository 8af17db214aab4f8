import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiTimestampProperty } from '../../openapi/api-docs.js';
import { PageFieldsDto } from '../../db/page.dto.js';
import { MAX_LIMIT } from '../../db/pagination.dto.js';
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

export class CookingPageDto extends PageFieldsDto {
  @ApiProperty({ type: [CookingResponseDto], maxItems: MAX_LIMIT })
  items!: CookingResponseDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import type { CookingRecord } from '../cooking.entity.js';

export class CookingResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: '肉じゃが' })
  name!: string;

  @ApiProperty({ example: '和食', nullable: true, type: String })
  category!: string | null;

  @ApiProperty({ example: '甘辛い煮物', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ example: '2026-11-25T07:00:43.000Z', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T07:00:43.000Z', format: 'date-time' })
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
  @ApiProperty({ type: [CookingResponseDto] })
  items!: CookingResponseDto[];

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;
}

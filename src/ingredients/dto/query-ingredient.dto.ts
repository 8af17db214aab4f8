import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../../validation/field-validators.js';
import { PaginationQueryDto } from '../../db/pagination.dto.js';

export class QueryIngredientDto extends PaginationQueryDto {
  /** Substring of the name. */
  @ApiPropertyOptional({ example: 'ねぎ', maxLength: 100, description: 'substring of the name' })
  @IsOptional()
  @IsText({ max: 100 })
  q?: string;
}

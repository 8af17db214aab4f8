import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
import { IsText } from '../../validation/field-validators.js';
import { NON_BLANK, Trim } from '../../validation/trim.transform.js';

/** Every field optional; `category` and `description` may be set to null to clear them. */
export class UpdateCookingDto {
  @ApiPropertyOptional({
    example: '肉じゃが',
    minLength: 1,
    maxLength: 255,
    pattern: NON_BLANK,
    description: 'trimmed; not null',
  })
  // Absent is fine, null is not: the column is NOT NULL.
  @ValidateIf((_dto: unknown, value: unknown) => value !== undefined)
  @Trim()
  @IsText({ min: 1, max: 255, message: 'name must be 1 to 255 characters long after trimming' })
  name?: string;

  @ApiPropertyOptional({
    type: String,
    example: '和食',
    maxLength: 100,
    nullable: true,
    description: 'trimmed; null clears it',
  })
  @IsOptional()
  @Trim()
  @IsText({ max: 100 })
  category?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '甘辛い煮物',
    nullable: true,
    maxLength: 65_535,
    description: 'at most 65,535 bytes of UTF-8; null clears it',
  })
  @IsOptional()
  @IsText({ maxBytes: 65_535, message: 'description must be at most 65535 bytes of UTF-8' })
  description?: string | null;
}

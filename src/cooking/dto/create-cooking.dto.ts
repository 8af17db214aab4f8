import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../../validation/field-validators.js';
import { NON_BLANK, Trim } from '../../validation/trim.transform.js';

export class CreateCookingDto {
  @ApiProperty({
    example: '肉じゃが',
    minLength: 1,
    maxLength: 255,
    pattern: NON_BLANK,
    description: 'trimmed; 1 to 255 characters after trimming',
  })
  @Trim()
  @IsText({ min: 1, max: 255, message: 'name must be 1 to 255 characters long after trimming' })
  name!: string;

  @ApiPropertyOptional({ type: String, example: '和食', maxLength: 100, nullable: true, description: 'trimmed' })
  @IsOptional()
  @Trim()
  @IsText({ max: 100 })
  category?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '甘辛い煮物',
    nullable: true,
    maxLength: 65_535,
    description: 'at most 65,535 bytes of UTF-8',
  })
  @IsOptional()
  @IsText({ maxBytes: 65_535, message: 'description must be at most 65535 bytes of UTF-8' })
  description?: string | null;
}

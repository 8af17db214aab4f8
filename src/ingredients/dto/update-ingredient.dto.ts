import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { IsText } from '../../validation/field-validators.js';
import { NON_BLANK, Trim } from '../../validation/trim.transform.js';

export class UpdateIngredientDto {
  @ApiPropertyOptional({
    example: '新玉ねぎ',
    minLength: 1,
    maxLength: 100,
    pattern: NON_BLANK,
    description: 'trimmed',
  })
  @ValidateIf((_dto: unknown, value: unknown) => value !== undefined)
  @Trim()
  @IsText({ min: 1, max: 100, message: 'name must be 1 to 100 characters long after trimming' })
  name?: string;
}

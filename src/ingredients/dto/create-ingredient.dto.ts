import { ApiProperty } from '@nestjs/swagger';
import { IsText } from '../../validation/field-validators.js';
import { NON_BLANK, Trim } from '../../validation/trim.transform.js';

export class CreateIngredientDto {
  @ApiProperty({ example: '玉ねぎ', minLength: 1, maxLength: 100, pattern: NON_BLANK, description: 'trimmed' })
  @Trim()
  @IsText({ min: 1, max: 100, message: 'name must be 1 to 100 characters long after trimming' })
  name!: string;
}

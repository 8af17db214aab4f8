import { IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/trim.transform.js';

/** Every field optional; `category` and `description` may be set to null to clear them. */
export class UpdateCookingDto {
  // Absent is fine, null is not: the column is NOT NULL.
  @ValidateIf((_dto: unknown, value: unknown) => value !== undefined)
  @Trim()
  @IsString()
  @Length(1, 255, { message: 'name must be 1 to 255 characters long after trimming' })
  name?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  category?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(65_535, { message: 'description must be at most 65535 characters long' })
  description?: string | null;
}

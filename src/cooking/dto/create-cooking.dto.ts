import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '../../common/trim.transform.js';

export class CreateCookingDto {
  @Trim()
  @IsString()
  @Length(1, 255, { message: 'name must be 1 to 255 characters long after trimming' })
  name!: string;

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

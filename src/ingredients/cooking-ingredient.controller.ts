import { Body, Controller, Get, Put } from '@nestjs/common';
import { IdParam } from '../common/id-param.decorator.js';
import { CookingIngredientService } from './cooking-ingredient.service.js';
import { CookingIngredientResponseDto } from './dto/ingredient-response.dto.js';
import { ReplaceCookingIngredientsDto } from './dto/replace-cooking-ingredients.dto.js';

@Controller('cookings/:id/ingredients')
export class CookingIngredientController {
  constructor(private readonly links: CookingIngredientService) {}

  @Get()
  async list(@IdParam() cookingId: number): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.list(cookingId)).map((link) => CookingIngredientResponseDto.from(link));
  }

  @Put()
  async replace(
    @IdParam() cookingId: number,
    @Body() body: ReplaceCookingIngredientsDto,
  ): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.replace(cookingId, body.items)).map((link) => CookingIngredientResponseDto.from(link));
  }
}

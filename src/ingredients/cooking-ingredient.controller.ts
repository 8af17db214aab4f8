import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors } from '../common/api-docs.js';
import { IdParam } from '../common/id-param.decorator.js';
import { CookingIngredientService } from './cooking-ingredient.service.js';
import { CookingIngredientResponseDto } from './dto/ingredient-response.dto.js';
import { ReplaceCookingIngredientsDto } from './dto/replace-cooking-ingredients.dto.js';

@ApiDatabaseUnavailable()
@ApiTags('cookings')
@ApiParam({ name: 'id', type: Number, example: 1, description: 'cooking id' })
@Controller('cookings/:id/ingredients')
export class CookingIngredientController {
  constructor(private readonly links: CookingIngredientService) {}

  @Get()
  @ApiOkResponse({ type: [CookingIngredientResponseDto] })
  @ApiErrors(400, 404)
  async list(@IdParam() cookingId: number): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.list(cookingId)).map((link) => CookingIngredientResponseDto.from(link));
  }

  @Put()
  @ApiOkResponse({ type: [CookingIngredientResponseDto], description: 'the new list, in order' })
  @ApiErrors(400, 404, 413, 422)
  async replace(
    @IdParam() cookingId: number,
    @Body() body: ReplaceCookingIngredientsDto,
  ): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.replace(cookingId, body.items)).map((link) => CookingIngredientResponseDto.from(link));
  }
}

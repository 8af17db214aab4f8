import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors, ApiIdParam } from '../openapi/api-docs.js';
import { IdParam } from '../validation/id-param.decorator.js';
import { CookingIngredientService } from './cooking-ingredient.service.js';
import { CookingIngredientResponseDto } from './dto/ingredient-response.dto.js';
import { MAX_INGREDIENTS, ReplaceCookingIngredientsDto } from './dto/replace-cooking-ingredients.dto.js';

const INGREDIENT_LIST = {
  type: 'array',
  maxItems: MAX_INGREDIENTS,
  items: { $ref: getSchemaPath(CookingIngredientResponseDto) },
} as const;

@ApiDatabaseUnavailable()
@ApiTags('cookings')
@ApiIdParam('cooking id')
@ApiExtraModels(CookingIngredientResponseDto)
@Controller('cookings/:id/ingredients')
export class CookingIngredientController {
  constructor(private readonly links: CookingIngredientService) {}

  @Get()
  @ApiOperation({
    summary: "A cooking's ingredients, in order",
    description: `Bounded: a list holds at most ${MAX_INGREDIENTS} entries, so it is never paged.`,
  })
  @ApiOkResponse({ schema: INGREDIENT_LIST })
  @ApiErrors({ 400: 'id must be a positive integer up to 2147483647 (got "abc")', 404: 'cooking 42 not found' })
  async list(@IdParam() cookingId: number): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.list(cookingId)).map((link) => CookingIngredientResponseDto.from(link));
  }

  @Put()
  @ApiOperation({
    summary: "Replace a cooking's ingredient list",
    description:
      'The list sent replaces the stored one in one transaction, in the order given; each ingredient at most once.',
  })
  @ApiOkResponse({ schema: INGREDIENT_LIST, description: 'the new list, in order' })
  @ApiErrors({
    400: 'ingredientId 3 appears more than once',
    404: 'cooking 42 not found',
    422: 'unknown ingredientId 999',
  })
  async replace(
    @IdParam() cookingId: number,
    @Body() body: ReplaceCookingIngredientsDto,
  ): Promise<CookingIngredientResponseDto[]> {
    return (await this.links.replace(cookingId, body.items)).map((link) => CookingIngredientResponseDto.from(link));
  }
}

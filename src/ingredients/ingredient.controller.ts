import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors } from '../common/api-docs.js';
import { IdParam } from '../common/id-param.decorator.js';
import type { Page } from '../common/pagination.dto.js';
import { CreateIngredientDto } from './dto/create-ingredient.dto.js';
import { IngredientPageDto, IngredientResponseDto } from './dto/ingredient-response.dto.js';
import { QueryIngredientDto } from './dto/query-ingredient.dto.js';
import { UpdateIngredientDto } from './dto/update-ingredient.dto.js';
import { IngredientService } from './ingredient.service.js';

@ApiDatabaseUnavailable()
@ApiTags('ingredients')
@Controller('ingredients')
export class IngredientController {
  constructor(private readonly ingredients: IngredientService) {}

  @Post()
  @ApiCreatedResponse({ type: IngredientResponseDto })
  @ApiErrors(400, 409, 413)
  async create(@Body() body: CreateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.create(body));
  }

  @Get()
  @ApiOkResponse({ type: IngredientPageDto })
  @ApiErrors(400)
  async list(@Query() query: QueryIngredientDto): Promise<Page<IngredientResponseDto>> {
    const page = await this.ingredients.list(query);
    return { ...page, items: page.items.map((ingredient) => IngredientResponseDto.from(ingredient)) };
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiOkResponse({ type: IngredientResponseDto })
  @ApiErrors(400, 404)
  async get(@IdParam() id: number): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.get(id));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiOkResponse({ type: IngredientResponseDto })
  @ApiErrors(400, 404, 409)
  async update(@IdParam() id: number, @Body() body: UpdateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(400, 404, 409)
  async remove(@IdParam() id: number): Promise<void> {
    await this.ingredients.remove(id);
  }
}

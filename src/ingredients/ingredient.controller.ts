import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors, ApiIdParam } from '../openapi/api-docs.js';
import { IdParam } from '../validation/id-param.decorator.js';
import type { Page } from '../db/pagination.dto.js';
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
  @ApiOperation({
    summary: 'Add an ingredient to the catalogue',
    description: 'Names are unique (after trimming): a second one with the same name is a 409.',
  })
  @ApiCreatedResponse({ type: IngredientResponseDto })
  @ApiErrors({
    400: 'name must be 1 to 100 characters long after trimming',
    409: 'an ingredient named "玉ねぎ" already exists',
  })
  async create(@Body() body: CreateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.create(body));
  }

  @Get()
  @ApiOperation({
    summary: 'List ingredients by id, optionally filtered by name',
    description: 'Ordered by id; `q` is a substring of the name (LIKE wildcards are taken literally).',
  })
  @ApiOkResponse({ type: IngredientPageDto })
  @ApiErrors({ 400: 'offset must not be less than 0' })
  async list(@Query() query: QueryIngredientDto): Promise<Page<IngredientResponseDto>> {
    const page = await this.ingredients.list(query);
    return { ...page, items: page.items.map((ingredient) => IngredientResponseDto.from(ingredient)) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get one ingredient',
    description: 'The ingredient with this id.',
  })
  @ApiIdParam('ingredient id')
  @ApiOkResponse({ type: IngredientResponseDto })
  @ApiErrors({ 400: 'id must be a positive integer up to 2147483647 (got "abc")', 404: 'ingredient 42 not found' })
  async get(@IdParam() id: number): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename an ingredient',
    description: 'The new name must not be taken by another ingredient.',
  })
  @ApiIdParam('ingredient id')
  @ApiOkResponse({ type: IngredientResponseDto })
  @ApiErrors({
    400: 'name must be 1 to 100 characters long after trimming',
    404: 'ingredient 42 not found',
    409: 'an ingredient named "玉ねぎ" already exists',
  })
  async update(@IdParam() id: number, @Body() body: UpdateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete an ingredient no cooking uses',
    description: '409 while any cooking still lists it, naming those cookings.',
  })
  @ApiIdParam('ingredient id')
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors({
    400: 'id must be a positive integer up to 2147483647 (got "abc")',
    404: 'ingredient 42 not found',
    409: 'ingredient 3 is used by 1 cooking(s) (ids 7); remove it from them first',
  })
  async remove(@IdParam() id: number): Promise<void> {
    await this.ingredients.remove(id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../common/id-param.decorator.js';
import type { Page } from '../common/pagination.dto.js';
import { CreateIngredientDto } from './dto/create-ingredient.dto.js';
import { IngredientResponseDto } from './dto/ingredient-response.dto.js';
import { QueryIngredientDto } from './dto/query-ingredient.dto.js';
import { UpdateIngredientDto } from './dto/update-ingredient.dto.js';
import { IngredientService } from './ingredient.service.js';

@Controller('ingredients')
export class IngredientController {
  constructor(private readonly ingredients: IngredientService) {}

  @Post()
  async create(@Body() body: CreateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.create(body));
  }

  @Get()
  async list(@Query() query: QueryIngredientDto): Promise<Page<IngredientResponseDto>> {
    const page = await this.ingredients.list(query);
    return { ...page, items: page.items.map((ingredient) => IngredientResponseDto.from(ingredient)) };
  }

  @Get(':id')
  async get(@IdParam() id: number): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.get(id));
  }

  @Patch(':id')
  async update(@IdParam() id: number, @Body() body: UpdateIngredientDto): Promise<IngredientResponseDto> {
    return IngredientResponseDto.from(await this.ingredients.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@IdParam() id: number): Promise<void> {
    await this.ingredients.remove(id);
  }
}

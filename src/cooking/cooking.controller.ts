import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors, ApiIdParam } from '../openapi/api-docs.js';
import type { Page } from '../db/pagination.dto.js';
import { IdParam } from '../validation/id-param.decorator.js';
import { CookingService } from './cooking.service.js';
import { CookingPageDto, CookingResponseDto } from './dto/cooking-response.dto.js';
import { CreateCookingDto } from './dto/create-cooking.dto.js';
import { QueryCookingDto } from './dto/query-cooking.dto.js';
import { UpdateCookingDto } from './dto/update-cooking.dto.js';

@ApiDatabaseUnavailable()
@ApiTags('cookings')
@Controller('cookings')
export class CookingController {
  constructor(private readonly cookings: CookingService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a cooking',
    description: 'Names and categories are trimmed; category and description may be null or left out.',
  })
  @ApiCreatedResponse({ type: CookingResponseDto })
  @ApiErrors({ 400: 'name must be 1 to 255 characters long after trimming' })
  async create(@Body() body: CreateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.create(body));
  }

  @Get()
  @ApiOperation({
    summary: 'List cookings by id, optionally filtered by category or name',
    description:
      'Ordered by id. `category` matches exactly; `q` is a substring of the name (LIKE wildcards are taken literally).',
  })
  @ApiOkResponse({ type: CookingPageDto })
  @ApiErrors({ 400: 'limit must not be greater than 100' })
  async list(@Query() query: QueryCookingDto): Promise<Page<CookingResponseDto>> {
    const page = await this.cookings.list(query);
    return { ...page, items: page.items.map((cooking) => CookingResponseDto.from(cooking)) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get one cooking',
    description: 'The cooking with this id.',
  })
  @ApiIdParam('cooking id')
  @ApiOkResponse({ type: CookingResponseDto })
  @ApiErrors({ 400: 'id must be a positive integer up to 2147483647 (got "abc")', 404: 'cooking 42 not found' })
  async get(@IdParam() id: number): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields of a cooking',
    description: 'Only the fields sent change; null clears category or description. An empty body changes nothing.',
  })
  @ApiIdParam('cooking id')
  @ApiOkResponse({ type: CookingResponseDto })
  @ApiErrors({ 400: 'name must be 1 to 255 characters long after trimming', 404: 'cooking 42 not found' })
  async update(@IdParam() id: number, @Body() body: UpdateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a cooking and its ingredient list',
    description: 'The ingredients themselves stay in the catalogue.',
  })
  @ApiIdParam('cooking id')
  @ApiNoContentResponse({ description: 'deleted, with its ingredient list' })
  @ApiErrors({ 400: 'id must be a positive integer up to 2147483647 (got "abc")', 404: 'cooking 42 not found' })
  async remove(@IdParam() id: number): Promise<void> {
    await this.cookings.remove(id);
  }
}

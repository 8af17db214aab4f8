import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDatabaseUnavailable, ApiErrors } from '../common/api-docs.js';
import type { Page } from '../common/pagination.dto.js';
import { IdParam } from '../common/id-param.decorator.js';
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
  @ApiCreatedResponse({ type: CookingResponseDto })
  @ApiErrors(400, 413)
  async create(@Body() body: CreateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.create(body));
  }

  @Get()
  @ApiOkResponse({ type: CookingPageDto })
  @ApiErrors(400)
  async list(@Query() query: QueryCookingDto): Promise<Page<CookingResponseDto>> {
    const page = await this.cookings.list(query);
    return { ...page, items: page.items.map((cooking) => CookingResponseDto.from(cooking)) };
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiOkResponse({ type: CookingResponseDto })
  @ApiErrors(400, 404)
  async get(@IdParam() id: number): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.get(id));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiOkResponse({ type: CookingResponseDto })
  @ApiErrors(400, 404, 413)
  async update(@IdParam() id: number, @Body() body: UpdateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiNoContentResponse({ description: 'deleted, with its ingredient list' })
  @ApiErrors(400, 404)
  async remove(@IdParam() id: number): Promise<void> {
    await this.cookings.remove(id);
  }
}

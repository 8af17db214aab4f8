import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../common/pagination.dto.js';
import { IdParam } from '../common/id-param.decorator.js';
import { CookingService } from './cooking.service.js';
import { CookingResponseDto } from './dto/cooking-response.dto.js';
import { CreateCookingDto } from './dto/create-cooking.dto.js';
import { QueryCookingDto } from './dto/query-cooking.dto.js';
import { UpdateCookingDto } from './dto/update-cooking.dto.js';

@Controller('cookings')
export class CookingController {
  constructor(private readonly cookings: CookingService) {}

  @Post()
  async create(@Body() body: CreateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.create(body));
  }

  @Get()
  async list(@Query() query: QueryCookingDto): Promise<Page<CookingResponseDto>> {
    const page = await this.cookings.list(query);
    return { ...page, items: page.items.map((cooking) => CookingResponseDto.from(cooking)) };
  }

  @Get(':id')
  async get(@IdParam() id: number): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.get(id));
  }

  @Patch(':id')
  async update(@IdParam() id: number, @Body() body: UpdateCookingDto): Promise<CookingResponseDto> {
    return CookingResponseDto.from(await this.cookings.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@IdParam() id: number): Promise<void> {
    await this.cookings.remove(id);
  }
}

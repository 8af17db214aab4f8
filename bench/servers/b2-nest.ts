/** B2: NestJS on the Fastify adapter with the same hand-written SQL through mysql2; no ORM. */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, NotFoundException, Param, Patch, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPool, type ResultSetHeader } from 'mysql2/promise';
import { COLUMNS, clampPage, nowSql, poolOptions, toJson, type Row } from './sql.js';

const pool = createPool(poolOptions(process.env.DATABASE_URL!));

async function findOne(id: number) {
  const [rows] = await pool.query(`SELECT ${COLUMNS} FROM cookings WHERE id = ?`, [id]);
  const row = (rows as Row[])[0];
  if (!row) {
    throw new NotFoundException(`cooking ${id} not found`);
  }
  return toJson(row);
}

@Controller('cookings')
class CookingController {
  @Get(':id')
  get(@Param('id') id: string) {
    return findOne(Number(id));
  }

  @Get()
  async list(@Query() query: { limit?: string; offset?: string }) {
    const { limit, offset } = clampPage(query);
    const [rows] = await pool.query(`SELECT ${COLUMNS} FROM cookings ORDER BY id LIMIT ? OFFSET ?`, [limit, offset]);
    const [count] = await pool.query('SELECT COUNT(*) AS total FROM cookings');
    return {
      items: (rows as Row[]).map(toJson),
      total: Number((count as [{ total: number }])[0].total),
      limit,
      offset,
    };
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: { name: string; category?: string; description?: string }) {
    const now = nowSql();
    const { name, category = null, description = null } = body;
    const [result] = await pool.query(
      'INSERT INTO cookings (name, category, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      [name, category, description, now, now],
    );
    return toJson({
      id: (result as ResultSetHeader).insertId,
      name,
      category,
      description,
      created_at: now,
      updated_at: now,
    });
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: { name?: string }) {
    await pool.query('UPDATE cookings SET name = COALESCE(?, name), updated_at = ? WHERE id = ?', [
      body.name ?? null,
      nowSql(),
      Number(id),
    ]);
    return findOne(Number(id));
  }
}

@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [CookingController, HealthController] })
class BenchModule {}

const app = await NestFactory.create<NestFastifyApplication>(
  BenchModule,
  new FastifyAdapter({ bodyLimit: 100 * 1024 }),
  { logger: false },
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);

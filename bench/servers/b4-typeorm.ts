/** B4, the peer: NestJS on the Fastify adapter with TypeORM on the same table. */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Column, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';
import { clampPage } from './sql.js';

@Entity('cookings')
class Cooking {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  category!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}

const wholeSecond = () => new Date(Math.floor(Date.now() / 1000) * 1000);
const toJson = (cooking: Cooking) => ({
  ...cooking,
  createdAt: cooking.createdAt.toISOString(),
  updatedAt: cooking.updatedAt.toISOString(),
});

@Injectable()
class CookingService {
  constructor(@InjectRepository(Cooking) private readonly cookings: Repository<Cooking>) {}

  async get(id: number) {
    const cooking = await this.cookings.findOneBy({ id });
    if (!cooking) {
      throw new NotFoundException(`cooking ${id} not found`);
    }
    return cooking;
  }

  list(limit: number, offset: number) {
    return this.cookings.findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
  }

  create(body: { name: string; category?: string; description?: string }) {
    const now = wholeSecond();
    return this.cookings.save(
      this.cookings.create({
        name: body.name,
        category: body.category ?? null,
        description: body.description ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async update(id: number, body: { name?: string }) {
    const cooking = await this.get(id);
    Object.assign(cooking, body.name === undefined ? {} : { name: body.name }, { updatedAt: wholeSecond() });
    return this.cookings.save(cooking);
  }
}

@Controller('cookings')
class CookingController {
  constructor(private readonly service: CookingService) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    return toJson(await this.service.get(Number(id)));
  }

  @Get()
  async list(@Query() query: { limit?: string; offset?: string }) {
    const { limit, offset } = clampPage(query);
    const [items, total] = await this.service.list(limit, offset);
    return { items: items.map(toJson), total, limit, offset };
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: { name: string }) {
    return toJson(await this.service.create(body));
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: { name?: string }) {
    return toJson(await this.service.update(Number(id), body));
  }
}

@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

const url = new URL(process.env.DATABASE_URL!);

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      username: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      entities: [Cooking],
      timezone: 'Z',
      extra: { connectionLimit: 10 },
    }),
    TypeOrmModule.forFeature([Cooking]),
  ],
  controllers: [CookingController, HealthController],
  providers: [CookingService],
})
class BenchModule {}

const app = await NestFactory.create<NestFastifyApplication>(
  BenchModule,
  new FastifyAdapter({ bodyLimit: 100 * 1024 }),
  { logger: false },
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCookingDto } from './create-cooking.dto.js';
import { QueryCookingDto } from './query-cooking.dto.js';
import { UpdateCookingDto } from './update-cooking.dto.js';

type Dto = CreateCookingDto | UpdateCookingDto | QueryCookingDto;

/** Runs the same transform + validation as the global ValidationPipe; returns failing property names. */
async function problems<T extends Dto>(type: new () => T, plain: object): Promise<{ dto: T; failed: string[] }> {
  const dto = plainToInstance(type, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return { dto, failed: errors.map((error) => error.property) };
}

describe('CreateCookingDto', () => {
  it('trims the name and category', async () => {
    const { dto, failed } = await problems(CreateCookingDto, { name: '  うどん ', category: ' 麺 ' });
    expect(failed).toEqual([]);
    expect(dto).toMatchObject({ name: 'うどん', category: '麺' });
  });

  it.each([
    [{}, ['name']],
    [{ name: '' }, ['name']],
    [{ name: ' \t\n' }, ['name']],
    [{ name: 'x'.repeat(256) }, ['name']],
    [{ name: 'x'.repeat(255) }, []],
    [{ name: null }, ['name']],
    [{ name: ['a'] }, ['name']],
    [{ name: 'x', category: 'c'.repeat(100) }, []],
    [{ name: 'x', category: 'c'.repeat(101) }, ['category']],
    [{ name: 'x', category: null, description: null }, []],
    [{ name: 'x', description: 1 }, ['description']],
    [{ name: 'x', other: 1 }, ['other']],
  ])('%j fails on %j', async (plain, expected) => {
    expect((await problems(CreateCookingDto, plain)).failed).toEqual(expected);
  });
});

describe('UpdateCookingDto', () => {
  it.each([
    [{}, []],
    [{ description: 'new' }, []],
    [{ category: null }, []],
    [{ name: null }, ['name']],
    [{ name: '  ' }, ['name']],
    [{ name: ' ok ' }, []],
    [{ category: 7 }, ['category']],
  ])('%j fails on %j', async (plain, expected) => {
    expect((await problems(UpdateCookingDto, plain)).failed).toEqual(expected);
  });
});

describe('QueryCookingDto', () => {
  it('defaults to limit 20 and offset 0 and converts query strings to numbers', async () => {
    expect((await problems(QueryCookingDto, {})).dto).toMatchObject({ limit: 20, offset: 0 });
    const { dto, failed } = await problems(QueryCookingDto, { limit: '100', offset: '5', q: 'ラー', category: '麺' });
    expect(failed).toEqual([]);
    expect(dto).toMatchObject({ limit: 100, offset: 5, q: 'ラー', category: '麺' });
  });

  it.each([
    [{ limit: '0' }, ['limit']],
    [{ limit: '101' }, ['limit']],
    [{ limit: '2.5' }, ['limit']],
    [{ limit: 'ten' }, ['limit']],
    [{ offset: '-1' }, ['offset']],
    [{ q: 'x'.repeat(256) }, ['q']],
    [{ category: ['a', 'b'] }, ['category']],
  ])('%j fails on %j', async (plain, expected) => {
    expect((await problems(QueryCookingDto, plain)).failed).toEqual(expected);
  });
});

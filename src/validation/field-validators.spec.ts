import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { codePointLength, IsIntegerIn, IsText } from './field-validators.js';

class Sample {
  @IsText({ min: 1, max: 3, message: 'name must be 1 to 3 characters long' })
  name!: unknown;

  @IsText({ maxBytes: 6, message: 'note must be at most 6 bytes' })
  note: unknown = '';

  @IsIntegerIn(1, 10)
  count: unknown = 1;
}

async function messages(plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(Sample, plain), { stopAtFirstError: true });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('codePointLength', () => {
  it('counts code points, as VARCHAR and JSON Schema do', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('🍣🍣')).toBe(2);
    // class-validator's Length counted this as 1: a variation selector is still a character.
    expect(codePointLength('a\uFE0F')).toBe(2);
    expect(codePointLength('\u0000')).toBe(1);
  });
});

describe('IsText and IsIntegerIn', () => {
  it('give one message per property: the type, else the bound', async () => {
    expect(await messages({ name: 42 })).toEqual(['name must be a string']);
    expect(await messages({ name: '' })).toEqual(['name must be 1 to 3 characters long']);
    expect(await messages({ name: 'a\uFE0Fb\uFE0F' })).toEqual(['name must be 1 to 3 characters long']);
    expect(await messages({ name: '🍣🍣🍣' })).toEqual([]);
    expect(await messages({ name: 'x', note: 'あああ' })).toEqual(['note must be at most 6 bytes']);
    expect(await messages({ name: 'x', note: 'ああ' })).toEqual([]);
    expect(await messages({ name: 'x', count: 'x' })).toEqual(['count must be an integer number']);
    expect(await messages({ name: 'x', count: 11 })).toEqual(['count must not be greater than 10']);
    expect(await messages({ name: 'x', count: 1.5 })).toEqual(['count must be an integer number']);
  });
});

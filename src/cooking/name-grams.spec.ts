import { MAX_WEIGHED_PAIRS, nameGrams, searchGrams } from './name-grams.js';

describe('name grams', () => {
  it('holds each character and each adjacent pair once, in code points', () => {
    expect(nameGrams('肉じゃが')).toEqual(['肉', 'じ', 'ゃ', 'が', '肉じ', 'じゃ', 'ゃが']);
    expect(nameGrams('ああ')).toEqual(['あ', 'ああ']);
    expect(nameGrams('🍣寿司')).toEqual(['🍣', '寿', '司', '🍣寿', '寿司']);
    expect(nameGrams('')).toEqual([]);
  });

  it('offers the distinct pairs of the query, or its single character, to choose from', () => {
    expect(searchGrams('じゃがいも')).toEqual(['じゃ', 'ゃが', 'がい', 'いも']);
    expect(searchGrams('ああああ')).toEqual(['ああ']);
    expect(searchGrams('肉')).toEqual(['肉']);
    expect(searchGrams('🍣')).toEqual(['🍣']);
    expect(searchGrams('%_')).toEqual(['%_']);
    expect(searchGrams('')).toEqual([]);
    expect(searchGrams('あいうえおかきくけこ')).toHaveLength(MAX_WEIGHED_PAIRS);
  });

  it('gives every name containing the query the query gram', () => {
    for (const [name, q] of [
      ['豚の生姜焼き', '生姜'],
      ['カレーライス', 'ライス'],
      ['親子丼', '丼'],
      ['100% juice', '% j'],
    ]) {
      for (const gram of searchGrams(q)) {
        expect(nameGrams(name)).toContain(gram);
      }
    }
  });
});

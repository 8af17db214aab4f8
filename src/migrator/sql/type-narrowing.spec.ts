import { parseColumnDefinition } from './sql-clauses.js';
import { describeNarrowing } from './type-narrowing.js';

const narrowing = (from: string, to: string) =>
  describeNarrowing(parseColumnDefinition(`c ${from}`)!, parseColumnDefinition(`c ${to}`)!);

describe('describeNarrowing', () => {
  it('lets widening through', () => {
    expect(narrowing('varchar(50)', 'varchar(100)')).toBeUndefined();
    expect(narrowing('varchar(255)', 'text')).toBeUndefined();
    expect(narrowing('int', 'bigint')).toBeUndefined();
    expect(narrowing('int unsigned', 'bigint')).toBeUndefined();
    expect(narrowing('decimal(10,2)', 'decimal(12,2)')).toBeUndefined();
    expect(narrowing('float', 'double')).toBeUndefined();
    // A number or a date written as text fits a wide enough string.
    expect(narrowing('int', 'varchar(64)')).toBeUndefined();
  });

  it('names what narrows', () => {
    expect(narrowing('varchar(100)', 'varchar(50)')).toBe('narrower text (varchar(100) → varchar(50))');
    expect(narrowing('text', 'varchar(255)')).toBe('narrower text (text → varchar(255))');
    expect(narrowing('bigint', 'int')).toBe('narrower integer (bigint → int)');
    expect(narrowing('int', 'int unsigned')).toBe('narrower integer (int → int unsigned)');
    expect(narrowing('int unsigned', 'int')).toBe('narrower integer (int unsigned → int)');
    expect(narrowing('decimal(10,2)', 'decimal(10,1)')).toBe('narrower decimal (decimal(10,2) → decimal(10,1))');
    expect(narrowing('decimal(10,2)', 'decimal(9,2)')).toBe('narrower decimal (decimal(10,2) → decimal(9,2))');
    expect(narrowing('double', 'float')).toBe('less precise number (double → float)');
    expect(narrowing('datetime', 'date')).toBe('different date/time type (datetime → date)');
    expect(narrowing('varchar(10)', 'int')).toBe('type family changes (varchar(10) → int)');
    expect(narrowing('int', 'varchar(10)')).toBe('type family changes (int → varchar(10))');
  });
});

import { displayWidth, textTable } from './text-table.js';

describe('textTable', () => {
  it('counts CJK characters as two columns and combining marks as none', () => {
    expect(displayWidth('Migration_肉じゃが')).toBe(10 + 8);
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('aligns the columns after a Japanese name', () => {
    const table = textTable(
      ['#', 'Migration', 'State'],
      [
        ['1', 'Migration20260101000000_肉じゃが', 'applied'],
        ['2', 'Migration20260102000000_tags', 'pending'],
      ],
    );
    const [, , first, second] = table.split('\n');
    expect(displayWidth(first.slice(0, first.indexOf('applied')))).toBe(
      displayWidth(second.slice(0, second.indexOf('pending'))),
    );
  });
});

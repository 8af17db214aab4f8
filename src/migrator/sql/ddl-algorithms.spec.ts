import {
  addsRowVersion,
  algorithmClause,
  attemptsFor,
  isAlgorithmRefusal,
  maxRowVersions,
  noteFor,
} from './ddl-algorithms.js';

describe('attemptsFor', () => {
  it('MySQL: INSTANT, then INPLACE and COPY with their locks; no NOCOPY', () => {
    expect(attemptsFor('mysql').map((a) => `${a.algorithm}/${a.lock}`)).toEqual([
      'INSTANT/NONE',
      'INPLACE/NONE',
      'INPLACE/SHARED',
      'INPLACE/EXCLUSIVE',
      'COPY/SHARED',
      'COPY/EXCLUSIVE',
    ]);
  });

  it('MariaDB: NOCOPY between INSTANT and INPLACE; INSTANT left out when asked', () => {
    const forms = attemptsFor('mariadb', { instant: false }).map((a) => `${a.algorithm}/${a.lock}`);
    expect(forms.slice(0, 2)).toEqual(['NOCOPY/NONE', 'NOCOPY/SHARED']);
    expect(forms).not.toContain('INSTANT/NONE');
  });
});

describe('algorithmClause', () => {
  it('sends INSTANT bare on MySQL, which refuses a LOCK clause beside it', () => {
    expect(algorithmClause('mysql', { algorithm: 'INSTANT', lock: 'NONE' })).toBe('algorithm=INSTANT');
    expect(algorithmClause('mariadb', { algorithm: 'INSTANT', lock: 'NONE' })).toBe('algorithm=INSTANT, lock=NONE');
    expect(algorithmClause('mysql', { algorithm: 'COPY', lock: 'SHARED' })).toBe('algorithm=COPY, lock=SHARED');
  });
});

describe('refusals and row versions', () => {
  it('knows the errors that mean "not with that algorithm or lock"', () => {
    expect([1845, 1846, 4092].map((errno) => isAlgorithmRefusal({ errno }))).toEqual([true, true, true]);
    // 1221 (a LOCK clause beside INSTANT on MySQL) is the planner's own mistake, not a refusal.
    expect([1221, 1064, 1146].map((errno) => isAlgorithmRefusal({ errno }))).toEqual([false, false, false]);
  });

  it('the row-version limit moved from 64 to 255 in MySQL 9.1; MariaDB has none', () => {
    expect(maxRowVersions({ flavor: 'mysql', version: '8.0.36' })).toBe(64);
    expect(maxRowVersions({ flavor: 'mysql', version: '8.4.3' })).toBe(64);
    expect(maxRowVersions({ flavor: 'mysql', version: '9.0.1' })).toBe(64);
    expect(maxRowVersions({ flavor: 'mysql', version: '9.7.4-2' })).toBe(255);
    expect(maxRowVersions({ flavor: 'mariadb', version: '10.11.19-MariaDB' })).toBeNull();
  });

  it('only column additions and drops use a row version', () => {
    expect(addsRowVersion(['add `x` int null'])).toBe(true);
    expect(addsRowVersion(['drop column `x`'])).toBe(true);
    expect(addsRowVersion(['add index `i` (`x`)', 'drop index `i`', 'drop foreign key `f`'])).toBe(false);
    expect(addsRowVersion(['modify `x` bigint'])).toBe(false);
  });

  it('says what each form means for the table', () => {
    expect(noteFor({ algorithm: 'COPY', lock: 'EXCLUSIVE' })).toBe(
      'rebuilds the table by copying every row; reads and writes wait until it ends',
    );
    expect(noteFor({ algorithm: 'INPLACE', lock: 'SHARED' })).toBe(
      'works in place (may rebuild the table); writes wait',
    );
  });
});

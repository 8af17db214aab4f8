import { normaliseOnUpdate } from './mysql-driver.js';

describe('normaliseOnUpdate', () => {
  it('reads MySQL 8+ spelling of ON UPDATE as the entities write it', () => {
    expect(normaliseOnUpdate('on update CURRENT_TIMESTAMP')).toBe('on update current_timestamp()');
    expect(normaliseOnUpdate('on update current_timestamp()')).toBe('on update current_timestamp()');
  });

  it('keeps a fractional-seconds precision', () => {
    expect(normaliseOnUpdate('on update CURRENT_TIMESTAMP(3)')).toBe('on update current_timestamp(3)');
  });

  it('leaves other extras alone', () => {
    expect(normaliseOnUpdate(undefined)).toBeUndefined();
    expect(normaliseOnUpdate('INVISIBLE')).toBe('INVISIBLE');
  });
});

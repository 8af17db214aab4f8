import { utcDatetime } from './name-index-leases.js';

describe('utcDatetime', () => {
  it('writes a Date as the UTC DATETIME text the ORM stores (forceUtcTimezone), whole seconds', () => {
    expect(utcDatetime(new Date('2026-12-07T17:40:02.987Z'))).toBe('2026-12-07 17:40:02');
    expect(utcDatetime(new Date('2026-01-01T09:00:00+09:00'))).toBe('2026-01-01 00:00:00');
  });

  it('sorts as the instants do, so the earliest lease is the least text', () => {
    const texts = ['2026-12-07T10:00:00Z', '2026-12-06T23:59:59Z', '2026-12-07T09:59:59Z'].map((iso) =>
      utcDatetime(new Date(iso)),
    );
    expect([...texts].sort()[0]).toBe('2026-12-06 23:59:59');
  });
});

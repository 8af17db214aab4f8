import { badlyEncodedParameter } from './query-encoding.js';

describe('badlyEncodedParameter', () => {
  it('finds a parameter whose escapes are not UTF-8', () => {
    expect(badlyEncodedParameter('/cookings?limit=2&q=%FF')).toBe('q');
    expect(badlyEncodedParameter('/cookings?q=%ED%A0%80')).toBe('q');
    expect(badlyEncodedParameter('/cookings?q=100%')).toBe('q');
    expect(badlyEncodedParameter('/cookings?%E8=1')).toBe('%E8');
  });

  it('passes what is well encoded', () => {
    expect(badlyEncodedParameter('/cookings?q=%E8%82%89&category=%F0%9F%8D%A3')).toBeUndefined();
    expect(badlyEncodedParameter('/cookings?q=a+b')).toBeUndefined();
    expect(badlyEncodedParameter('/cookings')).toBeUndefined();
    expect(badlyEncodedParameter('/cookings/%FF')).toBeUndefined();
  });
});

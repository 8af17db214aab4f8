import { parseRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('is undefined when unset or empty: the rate limit counts in the process', () => {
    expect(parseRedisUrl(undefined, 'RATE_LIMIT_REDIS_URL')).toBeUndefined();
    expect(parseRedisUrl('  ', 'RATE_LIMIT_REDIS_URL')).toBeUndefined();
  });

  it('keeps the URL and labels it by host and port only, never the password', () => {
    expect(parseRedisUrl('redis://:s3cret@cache.internal:6380/2', 'RATE_LIMIT_REDIS_URL')).toEqual({
      url: 'redis://:s3cret@cache.internal:6380/2',
      label: 'cache.internal:6380',
    });
    expect(parseRedisUrl('rediss://cache', 'RATE_LIMIT_REDIS_URL')?.label).toBe('cache:6379');
  });

  it('names the variable and the problem, without echoing the value', () => {
    expect(() => parseRedisUrl('cache:6379', 'RATE_LIMIT_REDIS_URL')).toThrow(
      'Invalid environment variable RATE_LIMIT_REDIS_URL: not a URL; expected redis://[:password@]host:6379[/db]',
    );
    expect(() => parseRedisUrl('http://:pw@cache', 'RATE_LIMIT_REDIS_URL')).toThrow(/got http:\/\/\)$/);
    expect(() => parseRedisUrl('not a url', 'RATE_LIMIT_REDIS_URL')).toThrow(/not a URL/);
  });
});

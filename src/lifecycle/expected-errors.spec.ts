import { ConfigError } from '../config/config.error.js';
import { failureText, isExpectedError } from './expected-errors.js';

describe('expected errors', () => {
  it('prints an expected error as its message alone', () => {
    const error = new ConfigError('DATABASE_URL', 'is not a URL');
    expect(isExpectedError(error)).toBe(true);
    expect(failureText(error)).toBe(error.message);
  });

  it('prints anything else with its stack, so a bug shows where it happened', () => {
    const error = new TypeError('x is undefined');
    expect(isExpectedError(error)).toBe(false);
    expect(failureText(error)).toContain('expected-errors.spec.ts');
    expect(failureText('plain words')).toBe('plain words');
  });
});

import { securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it("gives helmet's headers with the policy Swagger UI needs", () => {
    const headers = securityHeaders();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'cross-origin-opener-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
    });
    const policy = headers['content-security-policy'];
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("img-src 'self' data:");
  });

  it('follows the options it is given', () => {
    const headers = securityHeaders({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('refuses options helmet refuses', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['self'] } } })).toThrow(/self/);
  });
});

import { startTestApp, type TestApp } from '../support/test-app.js';

describe('platform: request ids, security headers, CORS, rate limit, OpenAPI', () => {
  let ctx: TestApp;
  let limited: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('platform');
    limited = await startTestApp('platform_limited', {
      RATE_LIMIT_PER_MINUTE: '3',
      CORS_ORIGINS: 'https://app.example',
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await limited?.close();
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await ctx.app.inject({ method: 'GET', url: '/cookings', headers: { 'x-request-id': 'trace-42.a' } });
    expect(given.headers['x-request-id']).toBe('trace-42.a');
    const generated = await ctx.app.inject({ method: 'GET', url: '/cookings/0' });
    expect(generated.statusCode).toBe(400);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await ctx.app.inject({
      method: 'GET',
      url: '/cookings',
      headers: { 'x-request-id': 'a b<script>' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses prototype-reaching keys in a JSON body by name, and pollutes nothing', async () => {
    for (const [body, key] of [
      ['{"name":"x","__proto__":{"polluted":true}}', '__proto__'],
      ['{"name":"x","category":{"constructor":{"prototype":{"polluted":true}}}}', 'constructor'],
    ]) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/cookings',
        payload: body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `property name "${key}" is not allowed`,
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const broken = await ctx.app.inject({
      method: 'POST',
      url: '/cookings',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/JSON/);
  });

  it('sends security headers and no CORS headers by default', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/cookings',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('allows the configured CORS origin only', async () => {
    const allowed = await limited.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://app.example' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const other = await limited.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits each client to RATE_LIMIT_PER_MINUTE with a uniform 429, and never limits health probes', async () => {
    const statuses: number[] = [];
    let last: { statusCode: number; json(): unknown } | undefined;
    for (let i = 0; i < 5; i++) {
      last = await limited.app.inject({ method: 'GET', url: '/cookings', remoteAddress: '10.1.2.3' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^rate limit of 3 requests per minute exceeded/),
    });
    const otherClient = await limited.app.inject({ method: 'GET', url: '/cookings', remoteAddress: '10.9.9.9' });
    expect(otherClient.statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect(
        (await limited.app.inject({ method: 'GET', url: '/health/live', remoteAddress: '10.1.2.3' })).statusCode,
      ).toBe(200);
    }
  });

  it('serves Swagger UI at /docs and an OpenAPI document covering every endpoint at /docs-json', async () => {
    const ui = await ctx.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/cookings',
      '/cookings/{id}',
      '/cookings/{id}/ingredients',
      '/health/live',
      '/health/ready',
      '/ingredients',
      '/ingredients/{id}',
    ]);
    const create = doc.paths['/cookings'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateCookingDto');
    expect(Object.keys(create.responses).sort()).toEqual([
      '201',
      '400',
      '413',
      '414',
      '415',
      '429',
      '431',
      '500',
      '503',
    ]);
    // Every endpoint on the database says it may answer 503 (unreachable, busy, or past its deadline).
    for (const path of [
      '/cookings',
      '/cookings/{id}',
      '/cookings/{id}/ingredients',
      '/ingredients',
      '/ingredients/{id}',
    ]) {
      for (const operation of Object.values<{ responses: Record<string, any> }>(doc.paths[path])) {
        expect(operation.responses['503'].headers['Retry-After'].schema).toMatchObject({ type: 'integer', example: 1 });
      }
    }
    expect(create.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    expect(doc.components.schemas.CreateCookingDto.properties.name).toMatchObject({
      example: '肉じゃが',
      maxLength: 255,
    });
    expect(doc.components.schemas.CookingResponseDto.required).toEqual(
      expect.arrayContaining(['id', 'name', 'category', 'description', 'createdAt', 'updatedAt']),
    );
    for (const [path, operations] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: object }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const codes = Object.keys(operation.responses);
        expect({ path, method, documented: codes.some((code) => code.startsWith('2')) }).toEqual({
          path,
          method,
          documented: true,
        });
      }
    }
  });
});

import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * X-Consistency-Token where the API has no replica and no cluster: every read is on the primary,
 * so no write answers a token and whatever a client sends back is accepted and changes nothing
 * (with replicas a malformed one is 400: test/replicas/read-replicas.e2e-spec.ts).
 */
describe('X-Consistency-Token on a single server', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp('token_single');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('answers no token to a write and ignores any value sent on a read', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/cookings', payload: { name: 'token-free' } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['x-consistency-token']).toBeUndefined();
    const id = created.json<{ id: number }>().id;
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/cookings/${id}`, payload: { category: 'x' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers['x-consistency-token']).toBeUndefined();
    for (const token of ['not a token!', 'M2UxMWZh', '']) {
      const read = await ctx.app.inject({
        method: 'GET',
        url: `/cookings/${id}`,
        headers: { 'x-consistency-token': token },
      });
      expect({ token, status: read.statusCode, category: read.json<{ category: string }>().category }).toEqual({
        token,
        status: 200,
        category: 'x',
      });
    }
  });
});

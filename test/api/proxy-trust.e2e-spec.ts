import { startTestApp, type TestApp } from '../support/test-app.js';

/** Status codes of `count` GETs, each with the X-Forwarded-For that `header(n)` gives. */
async function statuses(harness: TestApp, count: number, header?: (n: number) => string): Promise<number[]> {
  const codes: number[] = [];
  for (let n = 1; n <= count; n++) {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/cookings',
      remoteAddress: '127.0.0.1',
      headers: header ? { 'x-forwarded-for': header(n) } : {},
    });
    codes.push(response.statusCode);
  }
  return codes;
}

describe('the client address comes only from proxies that are ours (TRUST_PROXY)', () => {
  describe('no proxy trusted (the default)', () => {
    let harness: TestApp;
    beforeAll(async () => {
      harness = await startTestApp('proxy_none', { RATE_LIMIT_PER_MINUTE: '3' });
    });
    afterAll(() => harness?.close());

    it('ignores a client-supplied X-Forwarded-For: eight spoofed addresses share one limit', async () => {
      expect(await statuses(harness, 8, (n) => `10.0.0.${n}, 127.0.0.1`)).toEqual([
        200, 200, 200, 429, 429, 429, 429, 429,
      ]);
    });
  });

  describe('our proxy trusted by address (compose: nginx on the private network)', () => {
    let harness: TestApp;
    beforeAll(async () => {
      harness = await startTestApp('proxy_ours', { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
    });
    afterAll(() => harness?.close());

    it('takes the address our proxy appended, not what the client wrote before it', async () => {
      expect(await statuses(harness, 5, (n) => `10.0.0.${n}, 198.51.100.7`)).toEqual([200, 200, 200, 429, 429]);
    });

    it('keeps clients that our proxy saw as different apart', async () => {
      expect(await statuses(harness, 2, () => '198.51.100.8')).toEqual([200, 200]);
    });
  });
});

import { rawRequest } from '../support/raw-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('a URL with raw UTF-8 bytes (curl sends ?q=肉 unencoded)', () => {
  let harness: TestApp;
  let port: number;

  beforeAll(async () => {
    harness = await startTestApp('raw_url');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await harness.app.getUrl()).port);
  });
  afterAll(() => harness?.close());

  it('gets 400 with the uniform body, a request id, the security headers and how to encode it', async () => {
    const answer = await rawRequest(
      port,
      Buffer.concat([
        Buffer.from('GET /cookings?q='),
        Buffer.from('肉', 'utf8'),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
    );
    const { head, body } = answer;
    expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toMatch(/^x-request-id: [0-9a-f-]{36}$/m);
    expect(head).toMatch(/^x-content-type-options: nosniff$/m);
    expect(head).toMatch(/^content-security-policy: /m);
    expect(JSON.parse(body)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'the URL holds raw non-ASCII bytes: percent-encode it (UTF-8), e.g. /cookings?q=%E8%82%89 for ?q=肉 ' +
        "(curl does this with --get --data-urlencode 'q=肉')",
    });
  });

  it('answers other malformed requests with the uniform body too, and the encoded URL works', async () => {
    const garbage = await rawRequest(port, Buffer.from('NOT HTTP AT ALL\r\n\r\n'));
    expect(JSON.parse(garbage.body)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the request is not valid HTTP',
    });
    const encoded = await harness.app.inject({ method: 'GET', url: `/cookings?q=${encodeURIComponent('肉')}` });
    expect(encoded.statusCode).toBe(200);
  });

  it('a 20 KB query string is a URL too long (414), not headers too large (431)', async () => {
    const long = await rawRequest(
      port,
      Buffer.from(`GET /cookings?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    );
    expect(long.status).toBe('HTTP/1.1 414 URI Too Long');
    expect(JSON.parse(long.body)).toEqual({
      statusCode: 414,
      error: 'URI Too Long',
      message: 'the URL is too long: the request line and headers may take 16 KB',
    });
    const headers = await rawRequest(
      port,
      Buffer.from(`GET /cookings HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`),
    );
    expect(headers.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(JSON.parse(headers.body).message).toBe(
      'the request headers are too large: the request line and headers may take 16 KB',
    );
  });
});

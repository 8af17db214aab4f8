import { type EntryNginx, startEntryNginx } from '../support/entry-nginx.js';
import { rawRequest } from '../support/raw-request.js';
import { BACKFILL_NAME_GRAMS_SQL } from '../../src/cooking/name-grams.js';
import { queryDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A request as curl sends `curl 'http://…/cookings?q=肉'`: the query's UTF-8 bytes raw. */
function rawUtf8Get(path: string, query: string, headers = ''): Buffer {
  return Buffer.concat([
    Buffer.from(`GET ${path}?q=`),
    Buffer.from(query, 'utf8'),
    Buffer.from(` HTTP/1.0\r\nHost: localhost\r\n${headers}\r\n`),
  ]);
}

describe('the compose entry point (docker/nginx in Debian nginx) in front of the API', () => {
  let harness: TestApp;
  let nginx: EntryNginx;
  let apiPort: number;

  beforeAll(async () => {
    // nginx reaches the API from 127.0.0.1: that one hop is trusted, as compose trusts its network.
    harness = await startTestApp('entry_nginx', { TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '3' });
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    apiPort = Number(new URL(await harness.app.getUrl()).port);
    nginx = await startEntryNginx(apiPort);
    await queryDatabase(
      harness.db.name,
      "INSERT INTO cookings (name) VALUES ('肉じゃが'), ('カレー'), ('豚肉の生姜焼き')",
    );
    // Written around the API: the search index needs its back-fill (docs/search.md).
    await queryDatabase(harness.db.name, BACKFILL_NAME_GRAMS_SQL);
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await harness?.close();
  });

  it('serves a URL with raw UTF-8 bytes (nginx re-encodes them) where the API alone answers 400', async () => {
    const direct = await rawRequest(apiPort, rawUtf8Get('/cookings', '肉'));
    expect(direct.status).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(direct.body).message).toMatch(/percent-encode it/);

    const proxied = await rawRequest(nginx.port, rawUtf8Get('/cookings', '肉'));
    expect(proxied.status).toBe('HTTP/1.1 200 OK');
    // nginx names each request ($request_id) and the API answers with that id.
    expect(proxied.head).toMatch(/^x-request-id: [0-9a-f]{32}$/im);
    expect(JSON.parse(proxied.body).items.map((item: { name: string }) => item.name)).toEqual([
      '肉じゃが',
      '豚肉の生姜焼き',
    ]);
  });

  it('passes an already encoded URL through unchanged', async () => {
    const request = Buffer.from(
      `GET /cookings?q=${encodeURIComponent('カレー')}&limit=5&count=exact HTTP/1.0\r\nHost: x\r\n\r\n`,
    );
    const proxied = await rawRequest(nginx.port, request);
    expect(JSON.parse(proxied.body)).toMatchObject({ total: 1, limit: 5, items: [{ name: 'カレー' }] });
  });

  it('answers an over-size body with the JSON 413 body', async () => {
    const body = JSON.stringify({ name: 'x', description: 'あ'.repeat(40_000) });
    const answer = await rawRequest(
      nginx.port,
      Buffer.from(
        `POST /cookings HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ),
    );
    expect(answer.status).toMatch(/^HTTP\/1.1 413/);
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });

  it('rate-limits by the address nginx saw, whatever X-Forwarded-For the client sends', async () => {
    // Each request claims another client; they must still draw on one budget, nginx's address.
    const answers: { status: string; remaining: string | undefined }[] = [];
    for (let n = 1; n <= 6 && !answers.some((answer) => answer.status === '429'); n++) {
      const answer = await rawRequest(
        nginx.port,
        Buffer.from(`GET /ingredients HTTP/1.0\r\nHost: x\r\nX-Forwarded-For: 10.0.0.${n}, 127.0.0.1\r\n\r\n`),
      );
      answers.push({
        status: answer.status.split(' ')[1],
        remaining: /^x-ratelimit-remaining: (\d+)$/im.exec(answer.head)?.[1],
      });
    }
    expect(answers.at(-1)?.status).toBe('429');
    const remaining = answers.slice(0, -1).map((answer) => Number(answer.remaining));
    expect(remaining).toEqual(remaining.map((_, i) => remaining[0] - i));
    expect(remaining.at(-1)).toBe(0);
  });
});

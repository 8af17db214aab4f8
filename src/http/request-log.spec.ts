import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { requestLogLevel, useRequestLog } from './request-log.js';

describe('useRequestLog', () => {
  async function logLinesFor(level: string, ...urls: string[]): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const fastify = Fastify({ genReqId: () => 'req-1' });
    useRequestLog(fastify, pino({ level }, sink));
    fastify.get('/cookings/:id', (request) => ({ id: (request.params as { id: string }).id }));
    fastify.get('/boom', () => {
      throw new Error('boom');
    });
    for (const url of urls) {
      await fastify.inject({ method: 'GET', url });
    }
    await fastify.close();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes one line per request: id, method, path without the query, status and duration', async () => {
    const [line] = await logLinesFor('info', '/cookings/7?secret=x');
    expect(line).toMatchObject({
      level: 30,
      req: { id: 'req-1', method: 'GET', path: '/cookings/7' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: expect.stringMatching(/^GET \/cookings\/7 200 \d+ ms$/),
    });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('logs 4xx as warn and 5xx as error, and honours the level', async () => {
    const lines = await logLinesFor('warn', '/cookings/1', '/missing', '/boom');
    expect(lines.map((line) => [line.level, (line.res as { statusCode: number }).statusCode])).toEqual([
      [40, 404],
      [50, 500],
    ]);
  });

  it('maps statuses to levels', () => {
    expect([200, 304, 400, 499, 500, 503].map(requestLogLevel)).toEqual([
      'info',
      'info',
      'warn',
      'warn',
      'error',
      'error',
    ]);
  });
});

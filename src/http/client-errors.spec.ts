import { clientErrorBody, overflowInRequestLine } from './client-errors.js';

function overflow(head: string, bytesParsed: number) {
  return Object.assign(new Error('Header overflow'), {
    code: 'HPE_HEADER_OVERFLOW',
    rawPacket: Buffer.from(head),
    bytesParsed,
  });
}

describe('an overflow of the request line and headers', () => {
  it('is a URL too long (414) when it happened in the request line', () => {
    // A 20 KB query string answered 431 "the request headers are too large".
    const url = `GET /cookings?q=${'x'.repeat(20_000)}`;
    const error = overflow(`${url} HTTP/1.1\r\nHost: x\r\n\r\n`, 16_400);
    expect(overflowInRequestLine(error)).toBe(true);
    expect(clientErrorBody(error)).toEqual({
      statusCode: 414,
      error: 'URI Too Long',
      message: 'the URL is too long: the request line and headers may take 16 KB',
    });
  });

  it('is headers too large (431) when a line had ended before it', () => {
    const head = `GET /cookings HTTP/1.1\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`;
    expect(clientErrorBody(overflow(head, 16_400))).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'the request headers are too large: the request line and headers may take 16 KB',
    });
  });
});

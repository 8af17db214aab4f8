import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../errors/error-body.js';
import { REQUEST_ID_HEADER } from './logging.module.js';

interface ClientError extends Error {
  code?: string;
  /** The chunk Node's parser was reading (a Buffer at run time). */
  rawPacket?: unknown;
  /** Where in that chunk the parser stopped. */
  bytesParsed?: number;
}

/**
 * Whether an overflow of Node's header budget (request line and headers together, 16 KB)
 * happened in the request line: no line ended in the chunk before the point where the parser
 * stopped, so the line still open is the first one. A long query string is a URL too long (414),
 * not headers too large (431), which is what the client must change.
 */
export function overflowInRequestLine(error: ClientError): boolean {
  if (!Buffer.isBuffer(error.rawPacket)) {
    return false;
  }
  const stop = Math.min(error.bytesParsed ?? error.rawPacket.length, error.rawPacket.length);
  return !error.rawPacket.subarray(0, stop).includes('\n');
}

/** Whether the bytes up to the end of the request line hold anything outside ASCII. */
function requestLineHasRawBytes(packet: unknown): boolean {
  if (!Buffer.isBuffer(packet)) {
    return false;
  }
  const end = packet.indexOf('\r\n');
  return packet.subarray(0, end === -1 ? packet.length : end).some((byte) => byte > 0x7f);
}

export const RAW_URL_MESSAGE =
  'the URL holds raw non-ASCII bytes: percent-encode it (UTF-8), e.g. /cookings?q=%E8%82%89 for ?q=肉 ' +
  "(curl does this with --get --data-urlencode 'q=肉')";

/** What Node's parser reads of a request line and its headers together, in KB (16 by default). */
const HEAD_KB = maxHeaderSize / 1024;
export const URL_TOO_LONG_MESSAGE = `the URL is too long: the request line and headers may take ${HEAD_KB} KB`;
export const HEADERS_TOO_LARGE_MESSAGE = `the request headers are too large: the request line and headers may take ${HEAD_KB} KB`;

/** Status and message for an error Node's HTTP parser raised before any route could see the request. */
export function clientErrorBody(error: ClientError) {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return errorBody(408, 'the request was not received in time');
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return overflowInRequestLine(error)
      ? errorBody(414, URL_TOO_LONG_MESSAGE)
      : errorBody(431, HEADERS_TOO_LARGE_MESSAGE);
  }
  if (requestLineHasRawBytes(error.rawPacket)) {
    return errorBody(400, RAW_URL_MESSAGE);
  }
  return errorBody(400, 'the request is not valid HTTP');
}

/**
 * Answers what Node's HTTP parser refuses (a raw UTF-8 byte in the URL, as curl sends `?q=肉`,
 * oversized headers, a timeout) with the uniform error body, a request id and the security
 * headers, instead of Fastify's bare {"message":"Client Error"}.
 */
export function clientErrorHandler(securityHeaders: Record<string, string>) {
  return (error: ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) {
      return;
    }
    if (socket.writable) {
      const answer = clientErrorBody(error);
      const body = JSON.stringify(answer);
      const status = answer.statusCode;
      const headers = {
        ...securityHeaders,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        [REQUEST_ID_HEADER]: randomUUID(),
        connection: 'close',
      };
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\r\n');
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}

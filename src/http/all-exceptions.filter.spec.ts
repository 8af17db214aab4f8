import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { errorBodyFor } from './all-exceptions.filter.js';

describe('errorBodyFor', () => {
  it('keeps an HttpException status and joins validation messages', () => {
    expect(errorBodyFor(new NotFoundException('cooking 42 not found'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'cooking 42 not found',
    });
    expect(errorBodyFor(new BadRequestException(['name must be a string', 'limit too big'])).message).toBe(
      'name must be a string; limit too big',
    );
  });

  it('maps constraint violations to 409 and an unreachable database to 503', () => {
    expect(errorBodyFor(new UniqueConstraintViolationException(new Error('dup'))).statusCode).toBe(409);
    expect(errorBodyFor(new ConnectionException(new Error('gone'))).statusCode).toBe(503);
    expect(errorBodyFor(Object.assign(new Error('x'), { cause: { code: 'ECONNREFUSED' } })).statusCode).toBe(503);
  });

  it('maps a bound that was hit (lock wait, statement time, full pool queue) to 503 busy', () => {
    const busy = { statusCode: 503, error: 'Service Unavailable', message: 'the database is busy; try again shortly' };
    for (const errno of [1205, 1969, 3024]) {
      expect(errorBodyFor(Object.assign(new Error('timeout'), { errno }))).toEqual(busy);
    }
    expect(errorBodyFor(new Error('x', { cause: new Error('Queue limit reached.') }))).toEqual(busy);
    expect(errorBodyFor(Object.assign(new Error('deadlock'), { errno: 1213 })).statusCode).toBe(500);
  });

  it("passes Fastify's own 4xx through and makes anything else a 500 that tells nothing", () => {
    expect(errorBodyFor(Object.assign(new Error('Request body is too large'), { statusCode: 413 }))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
    expect(errorBodyFor(new TypeError('secret detail'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'unexpected error',
    });
  });
});

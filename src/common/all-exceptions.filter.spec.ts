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

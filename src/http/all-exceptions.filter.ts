import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseBusy, isDatabaseUnavailable } from '../errors/database-unavailable.js';
import { RETRY_AFTER_SECONDS } from './request-deadline.js';
import { errorBody, type ErrorBody } from '../errors/error-body.js';
import { ACCEPTED_MEDIA_TYPE } from './json-body-parser.js';

/** Turns every exception into the uniform error body; only a genuine bug becomes a 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const body = errorBodyFor(exception);
    if (body.statusCode === 500) {
      // The request id ties the stack to the request's log line.
      const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`request ${http.getRequest<FastifyRequest>().id}: ${detail}`);
    }
    if (body.statusCode === 503) {
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    void reply.status(body.statusCode).send(body);
  }
}

/** The status and body an exception answers with. */
export function errorBodyFor(exception: unknown): ErrorBody {
  if (fastifyCode(exception) === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // Fastify's own 415, for a Content-Type header it cannot parse: say what is accepted.
    return errorBody(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      `the Content-Type header cannot be read: send the body as ${ACCEPTED_MEDIA_TYPE}`,
    );
  }
  if (exception instanceof HttpException) {
    return errorBody(exception.getStatus(), httpExceptionMessage(exception));
  }
  if (exception instanceof UniqueConstraintViolationException) {
    return errorBody(HttpStatus.CONFLICT, 'a record with the same unique value already exists');
  }
  if (exception instanceof ForeignKeyConstraintViolationException) {
    return errorBody(HttpStatus.CONFLICT, 'the record is referenced by, or refers to, another record');
  }
  if (exception instanceof NotNullConstraintViolationException) {
    return errorBody(HttpStatus.UNPROCESSABLE_ENTITY, 'a required value is missing');
  }
  if (isDatabaseUnavailable(exception)) {
    return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the database is not reachable; try again shortly');
  }
  if (isDatabaseBusy(exception)) {
    return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the database is busy; try again shortly');
  }
  const status = fastifyStatus(exception);
  if (status) {
    return errorBody(status, (exception as Error).message);
  }
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'unexpected error');
}

function httpExceptionMessage(exception: HttpException): string | string[] {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' || Array.isArray(message) ? (message as string | string[]) : exception.message;
}

/** A Fastify error's code, also when Nest's adapter wrapped it in an HttpException (as its cause). */
function fastifyCode(exception: unknown): unknown {
  const { code, cause } = (exception ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  return code ?? cause?.code;
}

/** Fastify's own client errors (body too large, bad JSON, unsupported media type) carry a 4xx statusCode. */
export function fastifyStatus(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

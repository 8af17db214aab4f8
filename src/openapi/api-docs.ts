import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiParam,
  ApiProperty,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { errorBody, MAX_MESSAGE_LENGTH } from '../errors/error-body.js';
import { MAX_ID } from '../validation/id-param.decorator.js';
import { addGlobalBehaviour, API_TAGS } from './openapi-globals.js';

/** The uniform error body, as documented in OpenAPI. */
export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found', maxLength: 64, description: "the status's reason phrase" })
  error!: string;

  @ApiProperty({ example: 'cooking 42 not found', maxLength: MAX_MESSAGE_LENGTH })
  message!: string;
}

/** An integer column id as OpenAPI states it: what parseId accepts. */
export const ID_SCHEMA = { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_ID } as const;

/** The `:id` path parameter: a positive INT written plainly. */
export function ApiIdParam(description: string): MethodDecorator & ClassDecorator {
  return ApiParam({ name: 'id', schema: ID_SCHEMA, example: 1, description });
}

/**
 * The 503 every endpoint that reads or writes the database can answer: the database is
 * unreachable or busy, or the request passed its deadline (REQUEST_TIMEOUT_MS). Retry-After says
 * when to try again.
 */
export function ApiDatabaseUnavailable(): ClassDecorator {
  return ApiResponse({
    status: 503,
    description:
      'the database is unreachable or busy, or the request passed its deadline (REQUEST_TIMEOUT_MS); retry after Retry-After seconds',
    type: ErrorBodyDto,
    headers: {
      'Retry-After': {
        description: 'seconds to wait before retrying',
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 3600, example: 1 },
      },
    },
    example: errorBody(503, 'the request did not finish within its 10000 ms deadline; try again shortly'),
  });
}

/**
 * The error responses an operation can give, each with the uniform body and a message this
 * operation really answers with. Statuses every operation shares (400 for a malformed request,
 * 413/415 for bodies, 429, 500) are added to the document by addGlobalBehaviour.
 */
export function ApiErrors(examples: Partial<Record<number, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(examples).map(([status, message]) =>
      ApiResponse({
        status: Number(status),
        description: STATUS_CODES[Number(status)],
        type: ErrorBodyDto,
        example: errorBody(Number(status), message ?? ''),
      }),
    ),
  );
}

/** The OpenAPI document of the running application, complete with its global behaviour. */
export function buildApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('life-platter-api')
    .setDescription(
      'Cooking recipes (料理) and their ingredients. Every error has the body { statusCode, error, message }.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://spdx.org/licenses/');
  for (const [name, description] of Object.entries(API_TAGS)) {
    builder.addTag(name, description);
  }
  return addGlobalBehaviour(SwaggerModule.createDocument(app, builder.build()));
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupApiDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

/** A response's row id. */
export function ApiIdProperty(): PropertyDecorator {
  return ApiProperty({ ...ID_SCHEMA, example: 1 });
}

/** A response's DATETIME column, as ISO 8601 in UTC. */
export function ApiTimestampProperty(): PropertyDecorator {
  return ApiProperty({ type: String, format: 'date-time', maxLength: 30, example: '2026-11-25T07:00:43.000Z' });
}

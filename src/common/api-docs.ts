import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

/** The uniform error body, as documented in OpenAPI. */
export class ErrorBodyDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ example: 'cooking 42 not found' })
  message!: string;
}

const ERROR_EXAMPLES: Record<number, string> = {
  400: 'name must be 1 to 255 characters long after trimming',
  404: 'cooking 42 not found',
  409: 'ingredient 3 is used by 1 cooking(s) (ids 7); remove it from them first',
  413: 'Request body is too large',
  422: 'unknown ingredientId 999',
  429: 'rate limit of 600 requests per minute exceeded; retry in 1 minute',
  503: 'the database is not reachable; try again shortly',
};

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
      'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: 1 } },
    },
    example: {
      statusCode: 503,
      error: STATUS_CODES[503],
      message: 'the request did not finish within its 10000 ms deadline; try again shortly',
    },
  });
}

/** Documents the error responses an endpoint can give, each with the uniform body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: STATUS_CODES[status],
        type: ErrorBodyDto,
        example: {
          statusCode: status,
          error: STATUS_CODES[status],
          message: ERROR_EXAMPLES[status] ?? STATUS_CODES[status],
        },
      }),
    ),
  );
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupApiDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('life-platter-api')
    .setDescription(
      'Cooking recipes (料理) and their ingredients. Every error has the body { statusCode, error, message }.',
    )
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

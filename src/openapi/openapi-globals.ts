import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { HEADERS_TOO_LARGE_MESSAGE, RAW_URL_MESSAGE, URL_TOO_LONG_MESSAGE } from '../http/client-errors.js';
import { errorBody } from '../errors/error-body.js';
import { unsupportedMediaTypeMessage } from '../http/json-body-parser.js';

export const API_TAGS: Record<string, string> = {
  cookings: 'Cooking recipes (料理) and their ordered ingredient lists',
  ingredients: 'The ingredient catalogue shared by all cookings',
  health: 'Liveness and readiness probes for orchestrators; never rate-limited',
};

const ERROR_BODY = { $ref: '#/components/schemas/ErrorBodyDto' };

const INTEGER_HEADER = { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 } as const;

/** Sent by @fastify/rate-limit when RATE_LIMIT_PER_MINUTE is above 0 (the production default). */
const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'X-RateLimit-Limit': { description: 'requests allowed per minute for this client', schema: INTEGER_HEADER },
  'X-RateLimit-Remaining': { description: 'requests left in the current minute', schema: INTEGER_HEADER },
  'X-RateLimit-Reset': { description: 'seconds until the window resets', schema: INTEGER_HEADER },
};

/** Sent when CORS_ORIGINS allows the request's Origin. */
const CORS_HEADERS: Record<string, HeaderObject> = {
  'Access-Control-Allow-Origin': {
    description: 'present when CORS_ORIGINS allows the Origin of the request',
    schema: { type: 'string', maxLength: 2048, format: 'uri' },
  },
};

const TOKEN_SCHEMA = { type: 'string', maxLength: 4096, pattern: '^[A-Za-z0-9_-]+$' } as const;

/** Read-your-writes with read replicas (DATABASE_REPLICA_URLS): src/db/replicas/read-route.ts. */
const TOKEN_RESPONSE_HEADER: Record<string, HeaderObject> = {
  'X-Consistency-Token': {
    description:
      'present when the API reads from replicas: the position of this write on the primary. Send it back on a ' +
      'later read to see this write: that read waits briefly for a replica that has it, else reads the primary',
    schema: TOKEN_SCHEMA,
  },
};

const TOKEN_PARAMETER: ParameterObject = {
  name: 'X-Consistency-Token',
  in: 'header',
  required: false,
  description:
    'the X-Consistency-Token a write answered, sent back unchanged: this read then sees that write. Without ' +
    'it a read may come from a replica a little behind (at most REPLICA_MAX_LAG_SECONDS). With replicas or a ' +
    'cluster, a value that is not a consistency token is answered 400; without them every read is on the ' +
    'primary and the header is ignored',
  schema: TOKEN_SCHEMA,
};

function errorResponse(status: number, description: string, message: string): ResponseObject {
  return {
    description,
    content: {
      'application/json': {
        schema: ERROR_BODY,
        example: errorBody(status, message),
      },
    },
  };
}

/**
 * What the application does for every operation, outside any controller, written into the
 * document: the JSON parser and body limit (400, 413, 415), the rate limit (429 and its headers;
 * /health is exempt), the catch-all filter (500), CORS, no authentication, and the
 * ValidationPipe's forbidNonWhitelisted (no additional properties in any body).
 */
export function addGlobalBehaviour(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const rateLimited = !path.startsWith('/health/');
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (operation) {
        addOperationDefaults(operation, {
          rateLimited,
          hasPathParameter: path.includes('{'),
          // HTTP lets a DELETE carry a body; the parser reads (and refuses) one as for any write.
          takesBody: operation.requestBody !== undefined || method === 'delete',
        });
        if (rateLimited) {
          addConsistencyToken(operation, method);
        }
      }
    }
  }
  document.servers = [
    {
      url: '/',
      description: 'production behind the compose nginx, or local development: the server that served this document',
      'x-internal': false,
    } as NonNullable<OpenAPIObject['servers']>[number],
  ];
  for (const schema of Object.values(document.components?.schemas ?? {}) as SchemaObject[]) {
    if (schema.type === 'object' && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
  }
  return document;
}

/** Reads take the token; the successful answers of writes carry one. */
function addConsistencyToken(operation: OperationObject, method: string): void {
  if (method === 'get') {
    operation.parameters = [...(operation.parameters ?? []), TOKEN_PARAMETER];
    return;
  }
  for (const [status, response] of Object.entries(operation.responses as Record<string, ResponseObject>)) {
    if (status.startsWith('2')) {
      response.headers = { ...response.headers, ...TOKEN_RESPONSE_HEADER };
    }
  }
}

function addOperationDefaults(
  operation: OperationObject,
  { rateLimited, hasPathParameter, takesBody }: { rateLimited: boolean; hasPathParameter: boolean; takesBody: boolean },
): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  const defaults: Record<number, ResponseObject> = {
    400: errorResponse(400, 'the request is malformed', RAW_URL_MESSAGE),
    500: errorResponse(500, 'a bug: the request id in the log has the details', 'unexpected error'),
  };
  // Node's HTTP parser refuses a request line and headers over 16 KB before any route runs: a
  // long URL is a 414, long headers a 431 (client-errors.ts); Fastify's router refuses a path
  // parameter longer than maxParamLength (100) with a 414 too.
  defaults[414] = errorResponse(
    414,
    hasPathParameter
      ? 'the URL is too long: the request line and headers take more than 16 KB, or a path parameter more than 100 characters'
      : 'the URL is too long: the request line and headers take more than 16 KB',
    URL_TOO_LONG_MESSAGE,
  );
  defaults[431] = errorResponse(431, 'the request line and headers take more than 16 KB', HEADERS_TOO_LARGE_MESSAGE);
  if (takesBody) {
    defaults[413] = errorResponse(413, 'the body is larger than the limit', 'Request body is too large');
    defaults[415] = errorResponse(
      415,
      'the body is not application/json',
      unsupportedMediaTypeMessage('application/x-www-form-urlencoded'),
    );
  }
  if (rateLimited) {
    defaults[429] = {
      ...errorResponse(
        429,
        'the client sent more than RATE_LIMIT_PER_MINUTE requests',
        'rate limit of 600 requests per minute exceeded; retry in 1 minute',
      ),
      headers: {
        'Retry-After': { description: 'seconds until the window resets', schema: INTEGER_HEADER },
      },
    };
  }
  for (const [status, response] of Object.entries(defaults)) {
    responses[status] ??= response;
  }
  for (const response of Object.values(responses)) {
    response.headers = { ...(rateLimited ? RATE_LIMIT_HEADERS : {}), ...CORS_HEADERS, ...response.headers };
  }
  operation.security = [];
}

import { Ajv, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { buildApiDocument } from '../../src/openapi/api-docs.js';

/**
 * ajv-formats is CommonJS whose typings describe a `default` export the runtime does not have
 * under ESM: required, its module value is the plugin itself.
 */
export const addFormats: (ajv: Ajv) => Ajv = createRequire(import.meta.url)('ajv-formats');

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const DOCUMENT_ID = 'openapi.json';

/** What the contract needs of a response: light-my-request's and fetch's both fit. */
export interface ObservedResponse {
  statusCode: number;
  contentType: string | undefined;
  body: string;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operation: OperationObject;
}

/**
 * The application's own OpenAPI document as a response validator: a response whose status the
 * document does not declare for its operation, or whose body its schema refuses, is a mismatch.
 * Requests to paths the document does not know must get the uniform error body.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components }, DOCUMENT_ID);
    this.routes = Object.entries(document.paths).flatMap(([template, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        operation: item[method]!,
      })),
    );
  }

  /** The contract of the running application: the document /docs-json serves (built the same way). */
  static of(app: NestFastifyApplication): OpenApiContract {
    // Built rather than fetched: a request would spend one of a rate-limited test's requests.
    return new OpenApiContract(buildApiDocument(app));
  }

  /** Why the response breaks the contract, or undefined when it keeps it. */
  mismatch(method: string, url: string, response: ObservedResponse): string | undefined {
    const path = url.split('?')[0];
    if (
      ['OPTIONS', 'HEAD'].includes(method) ||
      path === '/docs' ||
      path.startsWith('/docs/') ||
      path === '/docs-json'
    ) {
      return undefined;
    }
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!route) {
      return response.statusCode >= 400
        ? this.bodyMismatch('ErrorBodyDto', { $ref: `#/components/schemas/ErrorBodyDto` }, response)
        : `${method} ${path} answered ${response.statusCode} but the document has no such operation`;
    }
    const declared = (route.operation.responses as Record<string, ResponseObject>)[String(response.statusCode)];
    const where = `${method} ${route.template} ${response.statusCode}`;
    if (!declared) {
      return `${where} is not declared (declared: ${Object.keys(route.operation.responses).join(', ')})`;
    }
    const schema = declared.content?.['application/json']?.schema;
    if (!schema) {
      return response.body === '' ? undefined : `${where} declares no body but got ${response.body.slice(0, 80)}`;
    }
    return this.bodyMismatch(where, schema, response);
  }

  private bodyMismatch(where: string, schema: object, response: ObservedResponse): string | undefined {
    if (!response.contentType?.startsWith('application/json')) {
      return `${where}: content-type ${response.contentType} is not application/json`;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return `${where}: body is not JSON: ${response.body.slice(0, 80)}`;
    }
    const validate = this.validatorFor(where, schema);
    return validate(body)
      ? undefined
      : `${where}: ${this.ajv.errorsText(validate.errors)} in ${response.body.slice(0, 200)}`;
  }

  private validatorFor(key: string, schema: object): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // The document's references are local to it; the schema compiles on its own.
      const rooted = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`));
      validate = this.ajv.compile(rooted);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * The application whose every `inject` checks its response against the document: a mismatch
 * fails the test that made the request, with the operation, status and the schema's complaint.
 */
export function withContract(app: NestFastifyApplication): NestFastifyApplication {
  const contract = OpenApiContract.of(app);
  const inject = app.inject.bind(app);
  const checked = async (options: Parameters<typeof inject>[0]) => {
    const response = await inject(options);
    const request = typeof options === 'string' ? { method: 'GET', url: options } : options;
    const problem = contract.mismatch(
      String(request.method ?? 'GET').toUpperCase(),
      typeof request.url === 'string' ? request.url : '/',
      {
        statusCode: response.statusCode,
        contentType: response.headers['content-type']?.toString(),
        body: response.body,
      },
    );
    if (problem) {
      throw new Error(`response breaks the OpenAPI document: ${problem}`);
    }
    return response;
  };
  // Nest's application object is itself a proxy that refuses new properties; wrap it instead.
  return new Proxy(app, {
    get: (target, property, receiver) =>
      property === 'inject' ? checked : (Reflect.get(target, property, receiver) as unknown),
  });
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { buildApiDocument } from '../../src/openapi/api-docs.js';
import { addFormats, OpenApiContract } from '../support/openapi-contract.js';
import { PROJECT_ROOT, runBin } from '../support/run-cli.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, any>;

describe('OpenAPI document: exact, linted, and held to by the API', () => {
  let ctx: TestApp;
  let doc: Json;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    ctx = await startTestApp('openapi');
    doc = (await ctx.app.inject({ method: 'GET', url: '/docs-json' })).json();
    dir = await mkdtemp(join(tmpdir(), 'lp-openapi-'));
    // The Spectral ruleset's overrides name this file.
    file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc, null, 2));
  });

  afterAll(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  const schemas = () => doc.components.schemas as Record<string, Json>;
  const operation = (path: string, method: string) => doc.paths[path][method] as Json;

  it('serves at /docs-json exactly the document the response validator uses', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildApiDocument(ctx.app))));
  });

  it('types nullable text as string, not object, in request bodies', () => {
    for (const dto of ['CreateCookingDto', 'UpdateCookingDto']) {
      for (const field of ['category', 'description']) {
        expect(schemas()[dto].properties[field]).toMatchObject({ type: 'string', nullable: true });
      }
    }
  });

  it('states integer ids, limits and offsets with their bounds', () => {
    const id = { type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 };
    expect(operation('/cookings/{id}', 'get').parameters[0].schema).toEqual(id);
    expect(operation('/cookings/{id}/ingredients', 'put').parameters[0].schema).toEqual(id);
    const query = Object.fromEntries(
      operation('/cookings', 'get').parameters.map((parameter: Json) => [parameter.name, parameter.schema]),
    );
    expect(query.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(query.offset).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schemas().CookingResponseDto.properties.id).toMatchObject(id);
  });

  it('closes every object schema, as the ValidationPipe refuses unknown fields', () => {
    for (const [name, schema] of Object.entries(schemas())) {
      expect({ name, additionalProperties: schema.additionalProperties }).toEqual({
        name,
        additionalProperties: false,
      });
    }
  });

  it('refuses a name of spaces in the document as the API does', () => {
    const ajv = addFormats(new Ajv({ strict: false }));
    const validate = ajv.compile(schemas().CreateCookingDto);
    expect(validate({ name: '   ' })).toBe(false);
    expect(validate({ name: ' 肉じゃが ' })).toBe(true);
    // The API guide's example body, which a contract validator used to refuse.
    expect(validate({ name: '肉じゃが', category: '和食', description: '甘辛い煮物' })).toBe(true);
  });

  it('declares 413 and 415 on every operation with a body, 429 on every rate-limited one', () => {
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const codes = Object.keys(op.responses);
        const expected = [
          ...(op.requestBody ? ['413', '415'] : []),
          ...(path.startsWith('/health/') ? [] : ['429', '503']),
          '400',
          '500',
        ];
        expect({ path, method, missing: expected.filter((code) => !codes.includes(code)) }).toEqual({
          path,
          method,
          missing: [],
        });
        expect(op.summary).toEqual(expect.any(String));
      }
    }
    expect(operation('/ingredients/{id}', 'patch').responses['413']).toBeDefined();
  });

  it('gives each operation examples that are its own and valid against their schemas', () => {
    const contract = new OpenApiContract(doc as never);
    expect(operation('/ingredients/{id}', 'get').responses['404'].content['application/json'].example.message).toBe(
      'ingredient 42 not found',
    );
    expect(operation('/ingredients', 'post').responses['409'].content['application/json'].example.message).toMatch(
      /already exists/,
    );
    expect(operation('/ingredients', 'post').responses['400'].content['application/json'].example.message).toMatch(
      /1 to 100/,
    );
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        for (const [status, response] of Object.entries<Json>(op.responses)) {
          const example = response.content?.['application/json']?.example;
          if (example !== undefined) {
            const url = path.replace('{id}', '1');
            const problem = contract.mismatch(method.toUpperCase(), url, {
              statusCode: Number(status),
              contentType: 'application/json',
              body: JSON.stringify(example),
            });
            expect({ path, method, status, problem }).toEqual({ path, method, status, problem: undefined });
          }
        }
      }
    }
  });

  it('has servers, a tag list and a license', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.tags.map((tag: Json) => tag.name).sort()).toEqual(['cookings', 'health', 'ingredients']);
    expect(doc.info.license.name).toBe('UNLICENSED');
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const result = await runBin('redocly', ['lint', '--extends=recommended', file], {
      env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    expect(result.output).toMatch(/Your API description is valid/);
    expect(result.output).not.toMatch(/warning/i);
    expect(result.code).toBe(0);
  });

  it("passes Spectral's spectral:oas and the OWASP API ruleset (.spectral.yaml) with no finding", async () => {
    const result = await runBin(
      'spectral',
      [
        'lint',
        file,
        ...['--ruleset', join(PROJECT_ROOT, '.spectral.yaml'), '--fail-severity', 'hint'],
        ...['--format', 'json', '--output', join(dir, 'spectral.json')],
      ],
      { cwd: PROJECT_ROOT },
    );
    const findings = JSON.parse(await readFile(join(dir, 'spectral.json'), 'utf8')) as Json[];
    expect(findings.map((finding) => `${finding.code} at ${finding.path.join('.')}`)).toEqual([]);
    expect(result.code).toBe(0);
  });
});

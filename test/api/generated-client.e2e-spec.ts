import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { migrateCompiled, startCompiledApp, type CompiledApp } from '../support/compiled-app.js';
import { PROJECT_ROOT, runBin } from '../support/run-cli.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';

/**
 * What a user of the API does: generate a typed client from the served document with a
 * maintained generator (openapi-typescript + openapi-fetch), compile it with tsc, and run a CRUD
 * flow through it against the compiled application.
 */
describe('a client generated from /docs-json', () => {
  let db: ScratchDatabase;
  let api: CompiledApp;
  let dir: string;

  beforeAll(async () => {
    const build = await runBin('tsc', ['-p', 'tsconfig.build.json']);
    expect(build.output).toBe('');
    expect((await runBin('node', ['scripts/write-dist-entry.mjs'])).code).toBe(0);
    db = await createScratchDatabase('generated_client');
    await migrateCompiled(db.url);
    api = await startCompiledApp(db.url);
    // Inside the project, so that the client resolves openapi-fetch from node_modules.
    dir = await mkdtemp(join(PROJECT_ROOT, 'test', 'api', 'generated-client', '.out-'));
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('compiles with tsc and runs create, read, list, update and delete for cookings and ingredients', async () => {
    const document = (await (await fetch(`${api.base}/docs-json`)).json()) as Parameters<typeof openapiTS>[0];
    await writeFile(join(dir, 'api.d.ts'), astToString(await openapiTS(document)));
    await copyFile(join(PROJECT_ROOT, 'test', 'api', 'generated-client', 'crud-flow.ts'), join(dir, 'crud-flow.ts'));
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2024',
          lib: ['ES2024', 'DOM'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          types: ['node'],
          outDir: 'out',
        },
        files: ['crud-flow.ts'],
      }),
    );
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));

    const compiled = await runBin('tsc', ['-p', join(dir, 'tsconfig.json')]);
    expect(compiled.output).toBe('');
    const run = await runBin('node', [join(dir, 'out', 'crud-flow.js'), api.base]);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    process.stdout.write(
      `generated client: ${result.steps.map((s: { step: string; status: number }) => `${s.step} ${s.status}`).join(', ')}\n`,
    );

    expect(result.steps).toEqual([
      { step: 'POST /cookings', status: 201 },
      { step: 'GET /cookings/{id}', status: 200 },
      { step: 'GET /cookings', status: 200 },
      { step: 'PATCH /cookings/{id}', status: 200 },
      { step: 'POST /ingredients', status: 201 },
      { step: 'PATCH /ingredients/{id}', status: 200 },
      { step: 'GET /ingredients', status: 200 },
      { step: 'PUT /cookings/{id}/ingredients', status: 200 },
      { step: 'GET /cookings/{id}/ingredients', status: 200 },
      { step: 'DELETE /ingredients/{id} while used', status: 409 },
      { step: 'DELETE /cookings/{id}', status: 204 },
      { step: 'DELETE /ingredients/{id}', status: 204 },
      { step: 'GET /cookings/{id} after delete', status: 404 },
    ]);
    expect(result.created).toEqual({ id: expect.any(Number), name: '肉じゃが', category: '和食', description: null });
    expect(result.fetchedName).toBe('肉じゃが');
    expect(result.pageIds).toEqual([result.created.id]);
    expect(result.patched).toEqual({ category: null, description: '甘辛い煮物' });
    expect(result.renamed).toBe('新玉ねぎ');
    expect(result.ingredientNames).toEqual(['新玉ねぎ']);
    expect(result.list).toEqual([{ ingredientId: expect.any(Number), name: '新玉ねぎ', quantity: '1個' }]);
    expect(result.listed).toEqual(result.list);
    expect(result.conflict).toMatch(/is used by 1 cooking/);
    expect(result.notFound).toBe(`cooking ${result.created.id} not found`);
  }, 60_000);
});

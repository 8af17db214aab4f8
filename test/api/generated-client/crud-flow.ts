// Compiled by test/api/generated-client.e2e-spec.ts next to the types openapi-typescript generated
// from the live /docs-json (api.d.ts), then run against the compiled API. It does what a user's
// client would, and its types are checked by tsc: a wrong schema in the document fails the build.
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Cooking = components['schemas']['CookingResponseDto'];

const api = createClient<paths>({ baseUrl: process.argv[2] });
const steps: { step: string; status: number }[] = [];

function record<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  steps.push({ step, status: result.response.status });
  if (result.data === undefined) {
    throw new Error(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

// Types the document must give: nullable strings, integer ids.
const category: string | null = '和食';
const created: Cooking = record(
  'POST /cookings',
  await api.POST('/cookings', { body: { name: '肉じゃが', category } }),
);
const id: number = created.id;
const description: string | null = created.description;

const fetched = record('GET /cookings/{id}', await api.GET('/cookings/{id}', { params: { path: { id } } }));
const page = record('GET /cookings', await api.GET('/cookings', { params: { query: { limit: 5, category: '和食' } } }));
const patched = record(
  'PATCH /cookings/{id}',
  await api.PATCH('/cookings/{id}', { params: { path: { id } }, body: { description: '甘辛い煮物', category: null } }),
);

const onion = record('POST /ingredients', await api.POST('/ingredients', { body: { name: '玉ねぎ' } }));
const renamed = record(
  'PATCH /ingredients/{id}',
  await api.PATCH('/ingredients/{id}', { params: { path: { id: onion.id } }, body: { name: '新玉ねぎ' } }),
);
const ingredients = record('GET /ingredients', await api.GET('/ingredients', { params: { query: { q: 'ねぎ' } } }));
const list = record(
  'PUT /cookings/{id}/ingredients',
  await api.PUT('/cookings/{id}/ingredients', {
    params: { path: { id } },
    body: { items: [{ ingredientId: onion.id, quantity: '1個' }] },
  }),
);
const listed = record(
  'GET /cookings/{id}/ingredients',
  await api.GET('/cookings/{id}/ingredients', { params: { path: { id } } }),
);

const inUse = await api.DELETE('/ingredients/{id}', { params: { path: { id: onion.id } } });
steps.push({ step: 'DELETE /ingredients/{id} while used', status: inUse.response.status });
const conflict: string | undefined = inUse.error?.message;

const removed = await api.DELETE('/cookings/{id}', { params: { path: { id } } });
steps.push({ step: 'DELETE /cookings/{id}', status: removed.response.status });
const ingredientRemoved = await api.DELETE('/ingredients/{id}', { params: { path: { id: onion.id } } });
steps.push({ step: 'DELETE /ingredients/{id}', status: ingredientRemoved.response.status });
const gone = await api.GET('/cookings/{id}', { params: { path: { id } } });
steps.push({ step: 'GET /cookings/{id} after delete', status: gone.response.status });

console.log(
  JSON.stringify({
    steps,
    created: { id, name: created.name, category: created.category, description },
    fetchedName: fetched.name,
    pageIds: page.items.map((item) => item.id),
    patched: { category: patched.category, description: patched.description },
    renamed: renamed.name,
    ingredientNames: ingredients.items.map((item) => item.name),
    list,
    listed,
    conflict,
    notFound: gone.error?.message,
  }),
);

import fc from 'fast-check';
import type { RawNumber, Schema } from './schema-values.js';

export type Kind = 'valid' | 'invalid';

/** One generated request, printed as a reader would retype it when a property fails. */
export class FuzzRequest {
  constructor(
    readonly kind: Kind,
    readonly operation: Operation,
    readonly url: string,
    readonly headers: Record<string, string>,
    /** The raw body sent, if any. */
    readonly payload: string | undefined,
    /** The body as a value, when it is valid JSON (for the round trip). */
    readonly body: unknown,
  ) {}

  get method(): string {
    return this.operation.method;
  }

  [fc.toStringMethod](): string {
    const headers = Object.entries(this.headers).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
    const shown = this.payload === undefined ? '' : ` ${JSON.stringify(this.payload.slice(0, 600))}`;
    const cut = this.payload !== undefined && this.payload.length > 600 ? ` (${this.payload.length} chars)` : '';
    return `${this.kind} ${this.method} ${this.url.slice(0, 600)} [${headers.join(', ')}]${shown}${cut}`;
  }
}

export interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

/** Every operation of the document. */
export function operationsOf(document: Schema): Operation[] {
  return Object.entries(document.paths as Record<string, Schema>).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ method: method.toUpperCase(), path, spec: item[method] as Schema })),
  );
}

/**
 * Ids of rows that exist, so that valid requests reach the rows and not only 404. DELETE takes
 * its ids from rows of its own, so that it leaves the others to the other operations.
 */
export interface IdPool {
  cookings: number[];
  ingredients: number[];
  doomedCookings: number[];
  doomedIngredients: number[];
}

/** JSON text, with RawNumber placeholders written as the literal they carry. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && 'raw' in item) {
      raws.push((item as RawNumber).raw);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return item;
  });
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)]);
}

export function urlOf(path: string, id: string, query: [string, string][]): string {
  const search = query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return `${path.replace('{id}', id)}${search ? `?${search}` : ''}`;
}

export function queryOf(request: FuzzRequest): [string, string][] {
  const search = request.url.split('?')[1] ?? '';
  return search === ''
    ? []
    : search.split('&').map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]);
}

export function idOf(request: FuzzRequest): string {
  return request.operation.path.includes('{id}') ? request.url.split('?')[0].split('/')[2] : '';
}

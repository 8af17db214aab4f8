import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What the model knows of a cooking: its fields and its ingredient list. */
export interface CookingRow {
  name: string;
  category: string | null;
  items: { ingredientId: number; quantity: string }[];
}

/**
 * The in-memory model the API is checked against: the rows that live, by id. Names are drawn
 * from an alphabet in which every collation the servers use compares as JavaScript does
 * (lower-case ASCII, kanji, the space), so that a substring search and a name taken mean the same
 * in the model and in the database.
 */
export class CookingModel {
  readonly cookings = new Map<number, CookingRow>();
  readonly ingredients = new Map<number, string>();
  /** Every cooking id the API ever answered in this sequence, alive or not. */
  readonly everCreated = new Set<number>();

  ids(): number[] {
    return [...this.cookings.keys()].sort((a, b) => a - b);
  }

  /** The live cookings whose name holds q (all of them for an empty q), in id order. */
  search(q: string): number[] {
    return this.ids().filter((id) => this.cookings.get(id)!.name.includes(q));
  }

  /** The i-th live cooking (wrapping), or a missing id when there is none. */
  pick(index: number): number {
    const ids = this.ids();
    return ids.length === 0 ? 2_147_483_000 : ids[index % ids.length];
  }

  pickIngredients(indexes: number[]): number[] {
    const ids = [...this.ingredients.keys()].sort((a, b) => a - b);
    return ids.length === 0 ? [] : [...new Set(indexes.map((index) => ids[index % ids.length]))];
  }
}

/** The application under test, and the answers it gives. */
export interface Real {
  app: NestFastifyApplication;
}

export async function call(
  real: Real,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: object,
): Promise<{ status: number; json: any }> {
  const response = await real.app.inject({ method, url, ...(body ? { payload: body } : {}) });
  if (response.statusCode >= 500) {
    throw new Error(`${method} ${url} answered ${response.statusCode} ${response.body}`);
  }
  return { status: response.statusCode, json: response.body === '' ? undefined : response.json() };
}

/** Fails with what was expected and what came, as the property's reason. */
export function expectSame(what: string, got: unknown, expected: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, the model says ${JSON.stringify(expected)}`);
  }
}

import fc from 'fast-check';
import { call, type CookingModel, expectSame, type Real } from './cooking-model.js';

type Command = fc.AsyncCommand<CookingModel, Real>;

/** Names and queries over an alphabet every collation compares as JavaScript does. */
const letter = fc.constantFrom('a', 'b', 'c', '肉', '魚', ' ');
const name = fc.array(letter, { minLength: 1, maxLength: 6 }).map((letters) => `x${letters.join('')}`.trim());
const query = fc.array(letter, { minLength: 1, maxLength: 3 }).map((letters) => letters.join(''));
const category = fc.constantFrom(null, '和食', '洋食');

const expectStatus = (what: string, got: number, expected: number) => expectSame(`${what} status`, got, expected);

class CreateCooking implements Command {
  constructor(private readonly value: { name: string; category: string | null }) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const created = await call(real, 'POST', '/cookings', this.value);
    expectStatus('POST /cookings', created.status, 201);
    model.cookings.set(created.json.id, { ...this.value, items: [] });
    model.everCreated.add(created.json.id);
  }
  toString = () => `create ${JSON.stringify(this.value)}`;
}

class PatchCooking implements Command {
  constructor(
    private readonly index: number,
    private readonly changes: { name?: string; category?: string | null },
  ) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const id = model.pick(this.index);
    const patched = await call(real, 'PATCH', `/cookings/${id}`, this.changes);
    const row = model.cookings.get(id);
    expectStatus(`PATCH /cookings/${id}`, patched.status, row ? 200 : 404);
    if (row) {
      Object.assign(row, this.changes);
      expectSame(`PATCH /cookings/${id}`, [patched.json.name, patched.json.category], [row.name, row.category]);
    }
  }
  toString = () => `patch #${this.index} ${JSON.stringify(this.changes)}`;
}

class DeleteCooking implements Command {
  constructor(private readonly index: number) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const id = model.pick(this.index);
    const deleted = await call(real, 'DELETE', `/cookings/${id}`);
    expectStatus(`DELETE /cookings/${id}`, deleted.status, model.cookings.delete(id) ? 204 : 404);
  }
  toString = () => `delete #${this.index}`;
}

class CreateIngredient implements Command {
  constructor(private readonly name: string) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const taken = [...model.ingredients.values()].includes(this.name);
    const created = await call(real, 'POST', '/ingredients', { name: this.name });
    expectStatus(`POST /ingredients ${this.name}`, created.status, taken ? 409 : 201);
    if (!taken) {
      model.ingredients.set(created.json.id, this.name);
    }
  }
  toString = () => `ingredient ${JSON.stringify(this.name)}`;
}

class ReplaceIngredients implements Command {
  constructor(
    private readonly index: number,
    private readonly picks: number[],
    private readonly quantity: string,
  ) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const id = model.pick(this.index);
    const items = model.pickIngredients(this.picks).map((ingredientId) => ({ ingredientId, quantity: this.quantity }));
    const replaced = await call(real, 'PUT', `/cookings/${id}/ingredients`, { items });
    const row = model.cookings.get(id);
    expectStatus(`PUT /cookings/${id}/ingredients`, replaced.status, row ? 200 : 404);
    if (row) {
      // Quantities are trimmed (the document says so).
      row.items = items.map((item) => ({ ...item, quantity: item.quantity.trim() }));
      const read = await call(real, 'GET', `/cookings/${id}/ingredients`);
      const expected = row.items.map((item) => ({ ...item, name: model.ingredients.get(item.ingredientId) }));
      expectSame(
        `GET /cookings/${id}/ingredients`,
        read.json,
        expected.map(({ ingredientId, name, quantity }) => ({ ingredientId, name, quantity })),
      );
    }
  }
  toString = () => `replace ingredients of #${this.index} with ${JSON.stringify(this.picks)}`;
}

/** A write made between two pages of a walk. */
type Between = { create: string } | { remove: number };

/**
 * Walks every page by cursor (optionally a name search) and writes between pages. Each row that
 * lives through the walk comes exactly once, in id order; a row created before the last page is
 * among them; a row deleted before its page was read is not; every row comes with the model's fields.
 */
class WalkPages implements Command {
  constructor(
    private readonly limit: number,
    private readonly q: string | undefined,
    private readonly writes: Between[],
  ) {}
  check = () => true;
  async run(model: CookingModel, real: Real): Promise<void> {
    const seen: number[] = [];
    const deletedDuringWalk = new Set<number>();
    const writes = [...this.writes];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1_000; pages++) {
      const search = this.q === undefined ? '' : `&q=${encodeURIComponent(this.q)}`;
      const page = await call(
        real,
        'GET',
        `/cookings?limit=${this.limit}${search}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expectStatus('GET /cookings', page.status, 200);
      for (const item of page.json.items as { id: number; name: string; category: string | null }[]) {
        const row = model.cookings.get(item.id);
        if (!row) {
          throw new Error(`page ${pages + 1} holds cooking ${item.id}, which is not alive`);
        }
        expectSame(`cooking ${item.id} on a page`, [item.name, item.category], [row.name, row.category]);
        seen.push(item.id);
      }
      cursor = page.json.nextCursor as string | null;
      if (cursor === null) {
        break;
      }
      await this.writeBetween(model, real, writes.shift(), deletedDuringWalk);
    }
    if (seen.some((id, index) => index > 0 && id <= seen[index - 1])) {
      throw new Error(`the walk repeated or reordered rows: ${seen.join(', ')}`);
    }
    const expected = this.q === undefined ? model.ids() : model.search(this.q);
    const missing = expected.filter((id) => !seen.includes(id));
    if (missing.length > 0) {
      throw new Error(`the walk missed live rows ${missing.join(', ')} (seen ${seen.join(', ')})`);
    }
    const unexpected = seen.filter((id) => !expected.includes(id) && !deletedDuringWalk.has(id));
    if (unexpected.length > 0) {
      throw new Error(`the walk returned rows the model does not have: ${unexpected.join(', ')}`);
    }
  }
  private async writeBetween(model: CookingModel, real: Real, write: Between | undefined, deleted: Set<number>) {
    if (!write) {
      return;
    }
    if ('create' in write) {
      await new CreateCooking({ name: write.create, category: null }).run(model, real);
    } else {
      const id = model.pick(write.remove);
      await new DeleteCooking(write.remove).run(model, real);
      deleted.add(id);
    }
  }
  toString = () =>
    `walk limit ${this.limit}${this.q === undefined ? '' : ` q=${JSON.stringify(this.q)}`} writing ${JSON.stringify(this.writes)}`;
}

/** The commands of a sequence, weighted towards writes so that there is something to read. */
export function cookingCommands(): fc.Arbitrary<Command>[] {
  const index = fc.nat(50);
  return [
    fc.record({ name, category }).map((value) => new CreateCooking(value)),
    fc.record({ name, category }).map((value) => new CreateCooking(value)),
    fc
      .tuple(index, fc.record({ name, category }, { requiredKeys: [] }))
      .map(([at, changes]) => new PatchCooking(at, changes)),
    index.map((at) => new DeleteCooking(at)),
    name.map((value) => new CreateIngredient(value)),
    fc
      .tuple(index, fc.array(index, { maxLength: 4 }), fc.constantFrom('1個', ' 200g ', '少々'))
      .map(([at, picks, amount]) => new ReplaceIngredients(at, picks, amount)),
    fc
      .tuple(
        fc.integer({ min: 1, max: 4 }),
        fc.option(query, { nil: undefined }),
        fc.array(
          fc.oneof(
            name.map((value): Between => ({ create: value })),
            index.map((at): Between => ({ remove: at })),
          ),
          {
            maxLength: 4,
          },
        ),
      )
      .map(([limit, q, writes]) => new WalkPages(limit, q, writes)),
  ];
}

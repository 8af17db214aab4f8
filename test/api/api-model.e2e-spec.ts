import fc from 'fast-check';
import type { Connection } from 'mysql2/promise';
import { cookingCommands } from '../support/fuzz/cooking-commands.js';
import { CookingModel } from '../support/fuzz/cooking-model.js';
import { fuzzSettings } from '../support/fuzz/settings.js';
import { adminConnection } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MAX_COMMANDS = 30;
const settings = fuzzSettings();

/**
 * Model-based testing (fast-check commands): random interleavings of create, patch, delete,
 * ingredient replacement, cursor page walks with writes between pages, and name searches, each
 * checked against an in-memory model of what should be there. Every sequence starts from empty
 * tables; every response is also held to the OpenAPI document (startTestApp's contract).
 */
describe(`model-based sequences (seed ${settings.seed}, ${settings.sequences} sequences of up to ${MAX_COMMANDS} commands)`, () => {
  let ctx: TestApp;
  let admin: Connection;
  const lengths: number[] = [];

  beforeAll(async () => {
    ctx = await startTestApp('model');
    admin = await adminConnection(ctx.db.name);
  });
  afterAll(async () => {
    const total = lengths.reduce((sum, length) => sum + length, 0);
    process.stdout.write(
      `model: ${lengths.length} sequences run, ${total} commands, ${Math.max(0, ...lengths)} the longest, ` +
        `${(total / Math.max(1, lengths.length)).toFixed(1)} on average\n`,
    );
    await admin?.end();
    await ctx?.close();
  });

  async function emptyTables(): Promise<void> {
    await admin.query('DELETE FROM cooking_ingredients');
    await admin.query('DELETE FROM cookings');
    await admin.query('DELETE FROM ingredients');
  }

  it('every page walk returns each live row once, searches agree with the model, every write reads back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(cookingCommands(), { maxCommands: MAX_COMMANDS, size: 'max' }), async (commands) => {
        await emptyTables();
        const model = new CookingModel();
        lengths.push([...commands].length);
        await fc.asyncModelRun(() => ({ model, real: { app: ctx.app } }), commands);
      }),
      { seed: settings.seed, numRuns: settings.sequences },
    );
  });
});

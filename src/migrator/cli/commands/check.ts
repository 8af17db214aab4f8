import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

/** Whether the entities hold changes no migration has yet (migration:check; Alembic: `check`). */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check that the migrations hold every entity change (exit 8 when one is missing)',
  usage: 'check [--json]',
  needsEntities: true,
  details: ['Compares the entities with the snapshot the last `create` wrote; no database change.'],
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const changed = await ctx.migrator(await ctx.connect()).checkSchema();
    if (ctx.json) {
      ctx.printJson({ changes: changed });
    } else if (!changed) {
      ctx.out('check: no changes: the migrations hold every entity change');
    } else {
      ctx.out(
        'check: the entities have changes no migration holds: write one with `npm run db -- create --name <what>`',
      );
    }
    return changed ? EXIT.changes : EXIT.ok;
  },
};

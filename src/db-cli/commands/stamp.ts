import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const stampCommand: Command = {
  name: 'stamp',
  summary: 'record migrations up to NAME (or head) as applied without running them; `stamp base` forgets all',
  usage: 'stamp <head|NAME|base> [--force] [--json]',
  details: [
    'For a database whose tables already exist (created by hand or by piping `db sql`).',
    'Migrations after NAME that are recorded as applied are forgotten; nothing is run.',
    'Refused on a database that holds none of the tables the migrations to record create (run `up` there).',
    '--force   required in production (prints what changes first); also stamps a database without those tables',
  ],
  options: optionsOf('stamp'),
  positionals: { min: 1, max: 1 },
  async run(ctx, _flags, [target]) {
    const orm = await ctx.connect();
    const { logged, unlogged } = await ctx.migrator(orm).stamp(target);
    if (ctx.json) {
      ctx.printJson({ target, recorded: logged, forgotten: unlogged });
    } else {
      logged.forEach((name) => ctx.out(`recorded as applied: ${name}`));
      unlogged.forEach((name) => ctx.out(`forgotten (no longer recorded as applied): ${name}`));
      ctx.out(logged.length + unlogged.length === 0 ? `already stamped at ${target}` : `stamped at ${target}`);
    }
    return EXIT.ok;
  },
};

import { relative } from 'node:path';
import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

/** A pending migration under a new name: its file, class and `name` together. */
export const renameCommand: Command = {
  name: 'rename',
  summary: 'give a pending migration a new timestamp (or name): its file, class and name change together',
  usage: 'rename NAME [NEW_NAME] [--json]',
  details: [
    'Without NEW_NAME: Migration<now> with the same suffix (or one second after a migration stamped',
    'later), so it sorts after every migration (what an out-of-order migration from a merged branch',
    'needs). Only a pending migration gets a new name: the tracking table knows the others by theirs.',
    '`rename NAME NAME` makes a file whose class calls itself otherwise agree with its file name.',
  ],
  options: optionsOf('rename'),
  positionals: { min: 1, max: 2 },
  async run(ctx, _flags, [name, wanted]) {
    const renamed = await ctx.migrator(await ctx.connect()).rename(name, wanted);
    const path = relative(process.cwd(), renamed.path);
    if (ctx.json) {
      ctx.printJson({ ...renamed, path });
    } else if (renamed.from === renamed.to) {
      ctx.out(`rename: ${path}: its class and name now say ${renamed.to}`);
    } else {
      ctx.out(`rename: ${renamed.from} is now ${renamed.to} (${path}): file, class and name`);
    }
    return EXIT.ok;
  },
};

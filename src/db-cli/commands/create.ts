import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

/** `npx mikro-orm migration:create` through the project's command (Alembic: `revision --autogenerate`). */
export const createCommand: Command = {
  name: 'create',
  summary: 'write a migration from the difference between the entities and the committed snapshot (migration:create)',
  usage: 'create [--name NAME] [--blank] [--split] [--json]',
  needsEntities: true,
  details: [
    '--name NAME   appended to the file and class name: Migration<timestamp>_<NAME>',
    '--blank       an empty migration to fill in by hand',
    '--split       write what breaks the running release (drops, renames, narrowing, NOT NULL) into a',
    "              second, contract migration (phase = 'contract'), applied by `up --contract`",
    'The file is linted for destructive statements, formatted with Prettier, and its plan printed',
    '(algorithm, lock and data checks of each statement against this database).',
  ],
  options: optionsOf('create'),
  async run(ctx, flags) {
    const migrator = ctx.migrator(await ctx.connect());
    const name = typeof flags.name === 'string' && flags.name.trim() ? flags.name.trim() : undefined;
    const result = await migrator.create(undefined, Boolean(flags.blank), false, name);
    ctx.out(
      result.fileName
        ? `${result.fileName} successfully created`
        : 'No changes required: the migration files, applied or pending, hold every entity change',
    );
    return EXIT.ok;
  },
};

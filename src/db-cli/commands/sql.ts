import { AbstractSqlPlatform } from '@mikro-orm/sql';
import { renderMigrationScript, byState, isBase, normaliseName, UnknownMigrationError } from '../../migrator/index.js';
import type { Command, Flags } from '../command.js';
import type { CommandContext, Orm } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'print the SQL that up (or down) would run for a range, without connecting to a database',
  usage: 'sql [--down] [--from NAME|base] [--to NAME|head] [--pending] [--dialect mysql|mariadb] [--json]',
  details: [
    'up:   runs the migrations after --from (default base) up to and including --to (default head)',
    'down: undoes the migrations from --from (default head) down to, not including, --to (default base)',
    '--pending    connect once and render exactly what `up` would apply now (up only)',
    '--dialect    mysql (default, or from a mariadb:// DATABASE_URL) or mariadb',
    '--json       {direction, range, dialect, migrations: [{name, statements}], script} instead of the script',
  ],
  options: {
    down: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    pending: { type: 'boolean' },
    dialect: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx, flags) {
    const dialect = flags.dialect;
    if (dialect !== undefined && dialect !== 'mysql' && dialect !== 'mariadb') {
      throw new UsageError(`--dialect is mysql or mariadb (got "${String(dialect)}")`);
    }
    if (flags.pending && (flags.down || flags.from !== undefined)) {
      throw new UsageError('--pending renders the pending migrations for up; it takes no --down or --from');
    }
    const orm = flags.pending ? await ctx.connect() : await ctx.offline(dialect);
    const migrator = ctx.migrator(orm);
    const files = await migrator.listFiles();
    const names = flags.pending
      ? await pendingNames(ctx, orm, flags)
      : rangeOf(
          files.map((file) => file.name),
          flags,
        );
    const byName = new Map(files.map((file) => [file.name, file]));
    const migrations = [];
    for (const name of names) {
      migrations.push({ name, sql: await migrator.sqlOf(byName.get(name)!) });
    }
    const direction = flags.down ? 'down' : 'up';
    const rendered = {
      direction,
      range: flags.pending ? 'of the pending migrations' : describeRange(flags),
      dialect: ctx.server ? `${ctx.server.flavor} ${ctx.server.version}` : (dialect ?? ctx.config.database.scheme),
    } as const;
    const script = renderMigrationScript({
      ...rendered,
      migrations,
      platform: sqlPlatformOf(orm.em.getPlatform()),
      trackingTable: orm.config.get('migrations').tableName ?? 'mikro_orm_migrations',
      rangeLabel: rendered.range,
    });
    if (ctx.json) {
      const statements = migrations.map(({ name, sql }) => ({ name, statements: sql[direction] }));
      ctx.printJson({ ...rendered, migrations: statements, script });
    } else {
      ctx.out(script);
    }
    return EXIT.ok;
  },
};

function describeRange(flags: Flags): string {
  return flags.down
    ? `from ${String(flags.from ?? 'head')} down to ${String(flags.to ?? 'base')}`
    : `from ${String(flags.from ?? 'base')} to ${String(flags.to ?? 'head')}`;
}

function pick(all: string[], value: string | boolean | undefined, fallback: 'base' | 'head'): string | undefined {
  const text = typeof value === 'string' ? value : fallback;
  if (text === 'head') {
    return all[all.length - 1];
  }
  if (isBase(text)) {
    return undefined;
  }
  const name = normaliseName(text);
  if (!all.includes(name)) {
    throw new UnknownMigrationError(text, all);
  }
  return name;
}

/** Names in the range, in the order they would run. */
function rangeOf(all: string[], flags: Flags): string[] {
  if (flags.down) {
    const top = pick(all, flags.from, 'head');
    const bottom = pick(all, flags.to, 'base');
    return all.filter((name) => top !== undefined && name <= top && (bottom === undefined || name > bottom)).reverse();
  }
  const after = pick(all, flags.from, 'base');
  const until = pick(all, flags.to, 'head');
  return all.filter((name) => (after === undefined || name > after) && until !== undefined && name <= until);
}

async function pendingNames(ctx: CommandContext, orm: Orm, flags: Flags): Promise<string[]> {
  const state = await ctx.migrator(orm).inspect();
  const pending = byState(state, 'pending').map((entry) => entry.name);
  const until = pick(
    state.entries.map((entry) => entry.name),
    flags.to,
    'head',
  );
  return pending.filter((name) => until !== undefined && name <= until);
}

/** The ORM's platform, which is a SQL one for every server this command opens. */
function sqlPlatformOf(platform: unknown): AbstractSqlPlatform {
  if (!(platform instanceof AbstractSqlPlatform)) {
    throw new Error('db sql needs a MySQL or MariaDB platform');
  }
  return platform;
}

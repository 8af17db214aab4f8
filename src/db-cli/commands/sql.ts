import { AbstractSqlPlatform } from '@mikro-orm/sql';
import { renderMigrationScript, requireFileOrder, selectRange, trackingTableOf } from '../../migrator/index.js';
import { optionsOf, type Command, type Flags } from '../command.js';
import type { CommandContext, Orm } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { stepsFlag } from '../flags.js';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'print the SQL that up (or down) would run for a range, without connecting to a database',
  usage:
    'sql [--down] [--from NAME|base] [--to NAME|head] [--pending [--contract]] [--steps N] [--dialect mysql|mariadb] [--json]',
  details: [
    'up:   runs the migrations after --from (default base) up to and including --to (default head)',
    'down: undoes the migrations from --from (default head) down to, not including, --to (default base)',
    '--pending    connect once and render exactly what `up` would apply now: expand migrations, stopping before',
    '             the first contract one (refused, as up refuses, when an expand one waits behind it)',
    '--contract   with --pending: what `up --contract` would apply, contract migrations included',
    '--steps N    connect once: the next N that up would apply (with --pending), or the last N applied (with --down)',
    'Each migration is introduced by a comment with its phase (expand or contract).',
    '--dialect    mysql (default, or from a mariadb:// DATABASE_URL) or mariadb',
    '--json       {direction, range, dialect, migrations: [{name, statements}], script} instead of the script',
  ],
  options: optionsOf('sql'),
  async run(ctx, flags) {
    const dialect = flags.dialect;
    if (dialect !== undefined && dialect !== 'mysql' && dialect !== 'mariadb') {
      throw new UsageError(`--dialect is mysql or mariadb (got "${String(dialect)}")`);
    }
    if (flags.pending && (flags.down || flags.from !== undefined)) {
      throw new UsageError('--pending renders the pending migrations for up; it takes no --down or --from');
    }
    if (flags.contract && !flags.pending) {
      throw new UsageError('--contract goes with --pending (what `up --contract` would apply)');
    }
    const steps = stepsFlag(flags);
    if (steps !== undefined && !flags.pending && !flags.down) {
      throw new UsageError('--steps goes with --pending (the next N up would apply) or --down (the last N applied)');
    }
    const live = Boolean(flags.pending) || steps !== undefined;
    const orm = live ? await ctx.connect() : await ctx.offline(dialect);
    const migrator = ctx.migrator(orm);
    const files = await migrator.sources.files();
    const selected = live ? await selectedNames(ctx, orm, flags, steps) : undefined;
    const names =
      selected?.run ??
      selectRange(
        files.map((file) => file.name),
        {
          direction: flags.down ? 'down' : 'up',
          from: typeof flags.from === 'string' ? flags.from : undefined,
          to: typeof flags.to === 'string' ? flags.to : undefined,
        },
      );
    const migrations = [];
    for (const name of names) {
      migrations.push({ name, sql: await migrator.sources.sqlToRun(name) });
    }
    const direction = flags.down ? 'down' : 'up';
    const rendered = {
      direction,
      range: live ? describeSelection(flags, steps, selected?.heldBack ?? []) : describeRange(flags),
      dialect: ctx.server ? `${ctx.server.flavor} ${ctx.server.version}` : (dialect ?? ctx.config.database.scheme),
    } as const;
    const script = renderMigrationScript({
      ...rendered,
      migrations,
      platform: sqlPlatformOf(orm.em.getPlatform()),
      trackingTable: trackingTableOf(orm.config),
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

function describeSelection(flags: Flags, steps: number | undefined, heldBack: string[]): string {
  const count = steps === undefined ? '' : ` (${steps} step(s))`;
  if (flags.down) {
    return `of the last applied migrations${count}`;
  }
  const waiting = heldBack.length > 0 ? `; ${heldBack.length} contract migration(s) wait: add --contract for them` : '';
  return `of the pending migrations${flags.contract ? ', contract ones included' : ''}${count}${waiting}`;
}

/** What up (or down) would touch now, as the engine selects it: the same refusals as up. */
async function selectedNames(
  ctx: CommandContext,
  orm: Orm,
  flags: Flags,
  steps: number | undefined,
): Promise<{ run: string[]; heldBack: string[] }> {
  const migrator = ctx.migrator(orm);
  const state = await migrator.inspect();
  if (flags.down) {
    return { run: migrator.select('down', state, { steps: steps ?? 1 }).run, heldBack: [] };
  }
  const to = typeof flags.to === 'string' && flags.to !== 'head' ? flags.to : undefined;
  const selection = migrator.select('up', state, { to, steps, contract: Boolean(flags.contract) });
  requireFileOrder(selection);
  return selection;
}

/** The ORM's platform, which is a SQL one for every server this command opens. */
function sqlPlatformOf(platform: unknown): AbstractSqlPlatform {
  if (!(platform instanceof AbstractSqlPlatform)) {
    throw new Error('db sql needs a MySQL or MariaDB platform');
  }
  return platform;
}

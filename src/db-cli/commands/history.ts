import { relative } from 'node:path';
import { textTable } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { MigrationEntry, MigrationSql } from '../../migrator/index.js';

interface HistoryRow {
  name: string;
  state: MigrationEntry['state'] | 'file';
  appliedAt: string | null;
  path: string | null;
  phase: 'expand' | 'contract' | null;
  sql?: MigrationSql;
}

export const historyCommand: Command = {
  name: 'history',
  summary: 'list every migration (files and tracking table) in order with its state',
  usage: 'history [--verbose] [--offline] [--last] [--json]',
  details: [
    '--verbose  add each file path and the SQL of up() and down()',
    '--last     only the newest migration (Alembic: heads)',
    '--offline  read the files only; no database is contacted (states are not known)',
    '--json     print the rows as JSON',
  ],
  options: optionsOf('history'),
  async run(ctx, flags) {
    const offline = Boolean(flags.offline);
    const orm = offline ? await ctx.offline() : await ctx.connect();
    const migrator = ctx.migrator(orm);
    const all: HistoryRow[] = offline
      ? (await migrator.sources.files()).map((file) => ({
          name: file.name,
          state: 'file',
          appliedAt: null,
          path: file.path,
          phase: null,
        }))
      : (await migrator.inspect()).entries.map((entry) => ({
          name: entry.name,
          state: entry.state,
          appliedAt: entry.appliedAt ?? null,
          path: entry.path ?? null,
          phase: entry.phase ?? null,
        }));
    if (offline) {
      for (const row of all) {
        row.phase = (await migrator.sources.sqlToRun(row.name)).phase;
      }
    }
    const entries = flags.last ? all.slice(-1) : all;
    if (flags.verbose) {
      for (const row of entries.filter((item) => item.path)) {
        row.sql = await migrator.sources.sqlToRun(row.name);
      }
    }
    if (ctx.json) {
      ctx.printJson(entries.map((row) => ({ ...row, path: row.path && relative(process.cwd(), row.path) })));
      return EXIT.ok;
    }
    // Numbered by place in the whole history: `--last` shows the newest as N of N, not as 1.
    printHistory(ctx.out, entries, all.length - entries.length + 1, Boolean(flags.verbose));
    return EXIT.ok;
  },
};

function printHistory(out: (text: string) => void, rows: HistoryRow[], firstNumber: number, verbose: boolean): void {
  if (rows.length === 0) {
    out('No migrations.');
    return;
  }
  if (!verbose) {
    out(
      textTable(
        ['#', 'Migration', 'State', 'Phase', 'Applied at'],
        rows.map((row, index) => [
          String(firstNumber + index),
          row.name,
          row.state,
          row.phase ?? '-',
          row.appliedAt ?? '',
        ]),
      ),
    );
    return;
  }
  rows.forEach((row, index) => {
    out(
      `${firstNumber + index}. ${row.name}  [${row.state}, ${row.phase ?? 'phase unknown'}]${row.appliedAt ? `  applied ${row.appliedAt}` : ''}`,
    );
    out(`   file: ${row.path ? relative(process.cwd(), row.path) : '(missing)'}`);
    if (row.sql) {
      out(`   checksum: ${row.sql.checksum}`);
      out('   up:');
      row.sql.up.forEach((sql) => out(`     ${sql}`));
      out('   down:');
      (row.sql.down.length ? row.sql.down : ['(none: this migration cannot be reverted)']).forEach((sql) =>
        out(`     ${sql}`),
      );
    }
    out('');
  });
}

import { formatFindings, lintMigration, normaliseName, UnknownMigrationError } from '../../migrator/index.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check migration files for destructive statements (exit 6 if any lacks an allowDestructive marker)',
  usage: 'lint [NAME] [--json]',
  details: [
    'Rules: drop-table, drop-column, narrowing-type-change, not-null-without-default, drop-unique-index,',
    "truncate, drop-database. A migration may allow them with `allowDestructive = '<reason>'`.",
  ],
  options: { json: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(ctx, _flags, [only]) {
    const migrator = ctx.migrator(await ctx.offline());
    let files = await migrator.listFiles();
    if (only !== undefined) {
      const wanted = normaliseName(only);
      files = files.filter((file) => file.name === wanted);
      if (files.length === 0) {
        throw new UnknownMigrationError(
          only,
          (await migrator.listFiles()).map((file) => file.name),
        );
      }
    }
    const results = [];
    for (const file of files) {
      const sql = await migrator.sqlOf(file);
      results.push({
        name: file.name,
        findings: lintMigration(sql.up, sql.down),
        allowedBecause: sql.destructiveReason ?? null,
      });
    }
    const unallowed = results.filter((result) => result.findings.length > 0 && !result.allowedBecause);
    if (ctx.json) {
      ctx.printJson({ ok: unallowed.length === 0, migrations: results });
    } else {
      for (const result of results.filter((item) => item.findings.length > 0)) {
        const tag = result.allowedBecause ? `allowed: ${result.allowedBecause}` : 'NOT allowed in production';
        formatFindings(result.name, result.findings).forEach((line) => ctx.out(`${line}  (${tag})`));
      }
      ctx.out(
        `lint: ${results.length} migration(s) checked, ${unallowed.length} with destructive statements not marked as intended`,
      );
    }
    return unallowed.length === 0 ? EXIT.ok : EXIT.destructive;
  },
};

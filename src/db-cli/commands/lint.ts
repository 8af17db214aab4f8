import {
  breakingChanges,
  formatFindings,
  lintMigration,
  normaliseName,
  safeSequenceLines,
  UnknownMigrationError,
  type BreakingFinding,
  type MigrationSql,
} from '../../migrator/index.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

interface LintResult {
  name: string;
  phase: MigrationSql['phase'];
  findings: BreakingFinding[];
  /** The markers a finding still lacks: allowDestructive for what loses data, allowBreaking in an expand migration. */
  missing: ('allowDestructive' | 'allowBreaking')[];
}

/**
 * The checks `create` runs on what it writes, over the files: what loses data needs
 * allowDestructive; in an expand migration, what breaks the running release (renames too) needs
 * allowBreaking, or a contract migration.
 */
function lintOne(name: string, sql: MigrationSql): LintResult {
  const destructive = lintMigration(sql.up, sql.down);
  const findings = sql.phase === 'expand' ? breakingChanges(sql.up, sql.down) : destructive;
  const missing: LintResult['missing'] = [];
  if (destructive.length > 0 && !sql.destructiveReason) {
    missing.push('allowDestructive');
  }
  if (sql.phase === 'expand' && findings.length > 0 && !sql.breakingReason) {
    missing.push('allowBreaking');
  }
  return { name, phase: sql.phase, findings, missing };
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check migration files for destructive or breaking statements (exit 6 if any is not marked as intended)',
  usage: 'lint [NAME] [--json]',
  details: [
    'Rules: drop-table, drop-column, narrowing-type-change, not-null-without-default, drop-unique-index,',
    "truncate, drop-database (allowed with `allowDestructive = '<reason>'`); in an expand migration also",
    'rename-column and rename-table, since the running release still uses the old name (a contract',
    "migration, `db split NAME`, or `allowBreaking = '<reason>'`). Each finding prints its safe sequence.",
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
    const results: LintResult[] = [];
    for (const file of files) {
      results.push(lintOne(file.name, await migrator.sqlOf(file)));
    }
    const unallowed = results.filter((result) => result.missing.length > 0);
    if (ctx.json) {
      ctx.printJson({ ok: unallowed.length === 0, migrations: results });
    } else {
      for (const result of results.filter((item) => item.findings.length > 0)) {
        const tag =
          result.missing.length > 0
            ? `NOT allowed in production: needs ${result.missing.join(' and ')}`
            : `allowed (${result.phase})`;
        formatFindings(result.name, result.findings).forEach((line) => ctx.out(`${line}  (${tag})`));
      }
      if (unallowed.length > 0) {
        ctx.out('safe under a rolling deploy:');
        safeSequenceLines(unallowed.flatMap((result) => result.findings)).forEach((line) => ctx.out(`  ${line}`));
      }
      ctx.out(
        `lint: ${results.length} migration(s) checked, ${unallowed.length} with destructive or breaking statements not marked as intended`,
      );
    }
    return unallowed.length === 0 ? EXIT.ok : EXIT.destructive;
  },
};

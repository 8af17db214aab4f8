import {
  productionMarkers,
  resolveName,
  type BreakingFinding,
  type MigrationSql,
  type ProductionMarker,
} from '../../migrator/index.js';
import { formatFindings, safeSequenceLines } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

interface LintResult {
  name: string;
  phase: MigrationSql['phase'];
  findings: BreakingFinding[];
  /** The markers production still asks of it (the engine's rule: productionMarkers). */
  missing: ProductionMarker[];
}

function lintOne(name: string, sql: MigrationSql): LintResult {
  const { destructive, breaking, missing } = productionMarkers(sql);
  // In an expand migration the breaking findings hold the destructive ones too.
  return { name, phase: sql.phase, findings: breaking.length > 0 ? breaking : destructive, missing };
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
  options: optionsOf('lint'),
  positionals: { min: 0, max: 1 },
  async run(ctx, _flags, [only]) {
    const migrator = ctx.migrator(await ctx.offline());
    let files = await migrator.sources.files();
    if (only !== undefined) {
      const wanted = resolveName(
        files.map((file) => file.name),
        only,
      );
      files = files.filter((file) => file.name === wanted);
    }
    const results: LintResult[] = [];
    for (const file of files) {
      results.push(lintOne(file.name, await migrator.sources.sqlOf(file)));
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

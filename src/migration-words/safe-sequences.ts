import type { BreakingRule } from '../migrator/index.js';
import { commandWords } from './ways-out.js';

/**
 * What to do instead, for each change the compatibility lint refuses in an expand migration,
 * written for MikroORM entities. The first line is the answer that needs no DDL where one exists.
 */
export const SAFE_SEQUENCE: Record<BreakingRule, string[]> = {
  'rename-column': [
    "keep the column: rename the property only, with `@Property({ fieldName: '<old column>' })` (no DDL at all)",
    `or rename in two releases: the \`${commandWords('split', ['NAME'])}\` command writes it: expand = add the new column + triggers that copy each write ` +
      'both ways + backfill; the new release reads and writes the new column; contract = drop the triggers and the old column',
  ],
  'rename-table': [
    "keep the table: rename the entity only, with `@Entity({ tableName: '<old table>' })` (no DDL at all)",
    'a real rename cannot be rolled: both releases would need both names; do it in a maintenance window',
  ],
  'drop-column': [
    `release N stops using the column (remove the property); \`${commandWords('split')}\` makes it nullable in the expand migration ` +
      'if it is NOT NULL without a default, so release N can insert without it',
    'contract (after release N runs everywhere): drop the column',
  ],
  'drop-table': [
    'release N stops using the table (remove the entity); contract (after release N runs everywhere): drop the table',
  ],
  'narrowing-type-change': [
    'a shorter length or smaller range: release N validates the new limit first (its DTO); contract: narrow the ' +
      'column once no release writes longer values (the data check counts the rows that do not fit)',
    'a different kind of type (text to number, …): a new column of the new type, filled like a rename ' +
      '(triggers + backfill, expand); release N uses it; contract: drop the old column',
  ],
  'not-null-without-default': [
    "give the property a default (`@Property({ default: … })`): the column is added with it, the old release's " +
      'inserts get it, no split needed',
    'or add it nullable (expand), have release N write it, backfill, then make it NOT NULL (contract)',
  ],
  'drop-unique-index': [
    'contract: drop the index once no release relies on the uniqueness (a duplicate can then be inserted)',
  ],
  truncate: ['deleting every row is never part of a rolling deploy: run it by hand, deliberately'],
  'drop-database': ['dropping the database is never part of a rolling deploy: run it by hand, deliberately'],
};

/** The safe sequence for each kind of breaking change found, once per rule, as indented lines. */
export function safeSequenceLines(findings: { rule: BreakingRule }[]): string[] {
  const rules = [...new Set(findings.map((finding) => finding.rule))];
  return rules.flatMap((rule) => [`${rule}:`, ...SAFE_SEQUENCE[rule].map((step) => `    - ${step}`)]);
}

import { format } from 'mysql2';
import type { AbstractSqlPlatform } from '@mikro-orm/sql';
import { META_TABLE, META_TABLE_DDL, metaUpsertSql, recordedAsApplied } from './migration-meta.js';
import { trackingTableSql } from './tracking-table.js';
import type { MigrationSql } from '../types.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

export interface RenderInput {
  direction: 'up' | 'down';
  /** In the order they would run. */
  migrations: { name: string; sql: MigrationSql }[];
  platform: AbstractSqlPlatform;
  trackingTable: string;
  dialect: string;
  rangeLabel: string;
}

const terminated = (sql: string) => (sql.trim().endsWith(';') ? sql.trim() : `${sql.trim()};`);

/**
 * A statement with a BEGIN … END body (a trigger) holds semicolons of its own: the mysql client
 * would cut it at the first one, so it is sent between DELIMITER lines.
 */
function rendered(sql: string): string {
  const text = terminated(sql);
  return /\bbegin\b[\s\S]*;\s*end\s*;$/i.test(text) ? `delimiter //\n${text.replace(/;$/, '')} //\ndelimiter ;` : text;
}

/**
 * The SQL a run would execute, as one script for a DBA or the mysql client: the tracking
 * tables, then each migration's statements introduced by a comment naming it, each followed
 * by the tracking-row changes `up`/`down` would make.
 */
export function renderMigrationScript(input: RenderInput): string {
  const lines = [
    `-- life-platter-api migrations: ${input.direction} ${input.rangeLabel}`,
    `-- rendered for ${input.dialect}; review it, then pipe this same script into the client, e.g. with`,
    '--   the same sql command and options | mysql -h HOST -u USER -p DATABASE',
    '-- MySQL commits each DDL statement at once: if a statement fails, the ones before it stay applied.',
    'set names utf8mb4;',
    '',
  ];
  if (input.direction === 'up') {
    lines.push(
      ...trackingTableSql(input.platform, input.trackingTable).map(terminated),
      terminated(META_TABLE_DDL),
      '',
    );
  }
  if (input.migrations.length === 0) {
    lines.push('-- nothing to do in this range');
  }
  const contracts = input.direction === 'up' ? input.migrations.filter(({ sql }) => sql.phase === 'contract') : [];
  if (contracts.length > 0) {
    lines.push(
      `-- CONTRACT migration(s) in this script: ${contracts.map(({ name }) => name).join(', ')}. They remove what the`,
      '-- previous release still uses: run them only once every replica runs the new release (`sql --pending`',
      '-- leaves them out; `sql --pending --contract` is the script for that moment).',
      '',
    );
  }
  for (const { name, sql } of input.migrations) {
    const statements = input.direction === 'up' ? sql.up : sql.down;
    lines.push(
      `-- migration ${name} (${input.direction}, ${statements.length} statement${statements.length === 1 ? '' : 's'}, phase ${sql.phase})`,
    );
    if (input.direction === 'down' && statements.length === 0) {
      lines.push(`-- ${name} has no down(): it cannot be reverted`);
    }
    lines.push(...statements.map(rendered), ...trackingChanges(input, name, sql), '');
  }
  return lines.join('\n');
}

function trackingChanges(input: RenderInput, name: string, sql: MigrationSql): string[] {
  if (input.direction === 'down') {
    return [
      terminated(format(`delete from ${quoteIdentifier(input.trackingTable)} where \`name\` = ?`, [name])),
      terminated(format(`delete from ${quoteIdentifier(META_TABLE)} where \`name\` = ?`, [name])),
    ];
  }
  const meta = metaUpsertSql(recordedAsApplied(name, sql));
  return [
    terminated(format(`insert into ${quoteIdentifier(input.trackingTable)} (\`name\`) values (?)`, [name])),
    terminated(format(meta.sql, meta.params as (string | number | null)[])),
  ];
}

import type { SchemaStatus } from '../migrator/index.js';
import { DEFAULT_DB_COMMAND, wayOut } from './ways-out.js';

/** The schema's state in one sentence, for logs, readiness and start-up refusals. */
export function schemaSummary(status: SchemaStatus, db = DEFAULT_DB_COMMAND): string {
  if (status.current) {
    const newer =
      status.newer.length > 0 ? `; ${status.newer.length} newer migration(s) applied by a newer release` : '';
    const waiting =
      status.contractWindow.length > 0
        ? `; ${status.contractWindow.length} contract migration(s) wait for \`${wayOut(db, 'up', [], { contract: true })}\``
        : '';
    return `schema is current (head ${status.head ?? 'base'})${newer}${waiting}`;
  }
  if (status.problems.length > 0) {
    return (
      `schema needs attention: ${status.problems.length} problem(s), ${status.failed.length} failed migration(s) — ` +
      `run \`${wayOut(db, 'status')}\``
    );
  }
  if (status.beingApplied.length > 0) {
    const applied = status.beingApplied.map(({ name, statement, statements }) =>
      statement
        ? `${name} is being applied now (statement ${statement} of ${statements})`
        : `${name} is being applied now`,
    );
    return `schema is being migrated: ${applied.join(', ')} — ready once that run finishes`;
  }
  return (
    `schema is behind: ${status.needed.length} migration(s) pending that this build needs (${status.needed.join(', ')}) ` +
    `— apply them with the migrate job (\`${wayOut(db, 'up', [], status.contractFirst ? { contract: true } : {})}\`)`
  );
}

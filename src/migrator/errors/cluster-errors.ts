import { MigrationError } from './migration-error.js';
import type { ClusterKind } from '../types.js';

/**
 * The run's server is a cluster member that does not take writes: a Group Replication
 * secondary (or one recovering), or a Galera node outside the primary component or not synced.
 * Nothing ran; a change applied there would fail half-way (1290) or land on a member about to
 * be overwritten. The db command and the migrate job go to the writer by themselves; this is
 * what a caller that pinned the server hears.
 */
export class NotTheWriterError extends MigrationError {
  override name = 'NotTheWriterError';
  readonly kind = 'not-the-writer';

  constructor(
    readonly cluster: ClusterKind,
    readonly server: string,
    readonly state: string,
  ) {
    super(`${server} is a ${cluster} member that does not take writes (${state}); nothing was applied`);
  }
}

import { isConnectionError } from '../replicas/replica-check.js';

/**
 * Server errors that say this member no longer takes writes, whatever the statement:
 * - ER_OPTION_PREVENTS_STATEMENT (1290): super_read_only, a Group Replication secondary (the
 *   primary moved, or this member left the group);
 * - ER_UNKNOWN_COM_ERROR (1047): a Galera node outside the primary component ("WSREP has not yet
 *   prepared node for application use");
 * - ER_RUN_HOOK_ERROR (3100) and ER_TRANSACTION_ROLLBACK_DURING_COMMIT (3101): Group
 *   Replication refused the commit (the member is leaving or lost its group);
 * - ER_SERVER_SHUTDOWN (1053).
 */
const WRITER_GONE_CODES = new Set([
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_UNKNOWN_COM_ERROR',
  'ER_RUN_HOOK_ERROR',
  'ER_TRANSACTION_ROLLBACK_DURING_COMMIT',
  'ER_SERVER_SHUTDOWN',
]);

export function saysWriterGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isConnectionError(error) || (typeof code === 'string' && WRITER_GONE_CODES.has(code));
}

/**
 * No member takes writes right now (a failover is under way, or the cluster lost its quorum).
 * Answered at once, as a 503 with Retry-After, rather than held until some member might take them.
 */
export class NoWritableMemberError extends Error {
  readonly code = 'CLUSTER_NO_WRITER';

  constructor(kind: string) {
    super(`no member of the ${kind} cluster takes writes right now`);
    this.name = 'NoWritableMemberError';
  }
}

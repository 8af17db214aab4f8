import { NotFailedError } from '../migrator/index.js';
import { runLog } from './run-log.js';

function logOf(format: 'text' | 'json') {
  const lines: string[] = [];
  return { lines, log: runLog(format, (line) => lines.push(line)) };
}

describe('runLog', () => {
  it('text: one line per migration and a summary counting only what completed', () => {
    const { lines, log } = logOf('text');
    log({ type: 'run-started', direction: 'up', planned: ['M1', 'M2'] });
    log({ type: 'migration-done', direction: 'up', name: 'M1', status: 'applied', statements: 1, durationMs: 7 });
    log({ type: 'migration-failed', direction: 'up', name: 'M2', statement: 2, statements: 3, error: 'boom' });
    log({ type: 'run-finished', direction: 'up', outcome: 'failed' });
    expect(lines[0]).toBe('↑ M1  applied, 1 statement, 7 ms');
    expect(lines[1]).toBe('✗ M2  FAILED at statement 2 of 3, 0 ms');
    expect(lines[2]).toMatch(/^Stopped by a failure; 1 migration applied \(1 statement\) in \d+ ms$/);
  });

  it('text: an empty run says nothing to apply or revert', () => {
    const { lines, log } = logOf('text');
    for (const direction of ['up', 'down'] as const) {
      log({ type: 'run-started', direction, planned: [] });
      log({ type: 'run-finished', direction, outcome: 'ok' });
    }
    expect(lines).toEqual(['Nothing to apply: the database is up to date.', 'Nothing to revert.']);
  });

  it('json: one object per migration and a summary', () => {
    const { lines, log } = logOf('json');
    log({ type: 'run-started', direction: 'down', planned: ['M1'] });
    log({ type: 'migration-done', direction: 'down', name: 'M1', status: 'reverted', statements: 2, durationMs: 3 });
    log({ type: 'run-finished', direction: 'down', outcome: 'ok' });
    const [migration, summary] = lines.map((line) => JSON.parse(line));
    expect(migration).toEqual({
      event: 'migration',
      direction: 'down',
      name: 'M1',
      status: 'reverted',
      statements: 2,
      durationMs: 3,
    });
    expect(summary).toMatchObject({ event: 'summary', direction: 'down', outcome: 'ok', migrations: 1, statements: 2 });
  });

  it('words the lock, destructive and force events', () => {
    const { lines, log } = logOf('text');
    log({ type: 'lock-waiting', lock: 'life_platter:migrate:x', holder: 12, timeoutSeconds: 60 });
    log({ type: 'destructive-allowed', name: 'M3', reason: 'column unused since v2' });
    log({ type: 'forced', action: 'stamp head', loss: 'nothing', via: 'environment' });
    log({ type: 'refused', error: new NotFailedError('M1', 'applied') });
    expect(lines).toEqual([
      'waiting for the migration lock "life_platter:migrate:x" held by connection 12 (another migrate run); giving up after 60 s',
      'note: M3 runs destructive statements, allowed by its marker: column unused since v2',
      'DB_FORCE=true: about to stamp head; this loses: nothing',
    ]);
  });

  it('words a lock wait with its blockers, a killed blocker, long transactions, a blocked and a resumed migration', () => {
    const { lines, log } = logOf('text');
    const blocker = {
      connectionId: 17,
      user: 'report',
      host: '10.0.0.7:52144',
      transactionSeconds: 41,
      state: 'Sleep',
      statement: null,
      source: 'open-transaction' as const,
    };
    log({
      type: 'ddl-lock-wait',
      migration: 'M1',
      statement: 2,
      statements: 3,
      sql: 'alter table `cookings`\n  add `x` int null',
      table: 'cookings',
      attempt: 3,
      waitedMs: 1004,
      retryInMs: 812,
      blockers: [blocker],
    });
    log({
      type: 'ddl-lock-wait',
      migration: 'M1',
      statement: 2,
      statements: 3,
      sql: 'alter table t add y int',
      attempt: 4,
      waitedMs: 1000,
      retryInMs: null,
      blockers: [],
      blockersUnknown: 'Access denied; you need (at least one of) the PROCESS privilege(s)',
    });
    log({ type: 'blocker-killed', blocker });
    log({ type: 'long-transactions', thresholdSeconds: 10, transactions: [blocker] });
    log({ type: 'run-started', direction: 'up', planned: ['M1'] });
    log({
      type: 'migration-blocked',
      direction: 'up',
      name: 'M1',
      statement: 2,
      statements: 3,
      resumable: true,
      why: 'ddl-lock-timeout',
      phase: 'expand',
    });
    log({
      type: 'migration-blocked',
      direction: 'up',
      name: 'M2',
      statement: 1,
      statements: 1,
      resumable: false,
      why: 'ddl-lock-timeout',
      phase: 'expand',
    });
    log({
      type: 'migration-done',
      direction: 'up',
      name: 'M1',
      status: 'applied',
      statements: 3,
      durationMs: 9,
      resumedFrom: 2,
    });
    const who = 'connection 17 (report@10.0.0.7:52144), transaction open 41 s, Sleep, idle [open transaction]';
    expect(lines).toEqual([
      `waiting for the metadata lock: M1 statement 2 of 3 (alter table \`cookings\` add \`x\` int null), attempt 3 waited 1.0 s; blocked by ${who}; retrying in 0.8 s`,
      'waiting for the metadata lock: M1 statement 2 of 3 (alter table t add y int), attempt 4 waited 1.0 s; blocked by unknown (Access denied; you need (at least one of) the PROCESS privilege(s); the PROCESS privilege shows them); giving up',
      `--kill-blockers: ended ${who}`,
      `warning: transaction open longer than 10 s: ${who}; a DDL statement on a table it has touched waits for it`,
      '⏸ M1  BLOCKED at statement 2 of 3 (gave up waiting for its metadata lock); `npm run db -- up` resumes there',
      '⏸ M2  gave up waiting for its metadata lock at statement 1 of 1; nothing of it ran, still pending',
      '↑ M1  applied, 3 statements (resumed at 2), 9 ms',
    ]);
  });

  it('json: lock waits and blocked migrations as objects', () => {
    const { lines, log } = logOf('json');
    log({
      type: 'migration-blocked',
      direction: 'up',
      name: 'M1',
      statement: 2,
      statements: 3,
      resumable: true,
      why: 'ddl-lock-timeout',
      phase: 'expand',
    });
    log({ type: 'blocker-killed', blocker: { connectionId: 5 } as never });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        event: 'migration',
        direction: 'up',
        name: 'M1',
        status: 'blocked',
        statements: 3,
        durationMs: 0,
        blockedStatement: 2,
        resumable: true,
        why: 'ddl-lock-timeout',
        phase: 'expand',
      },
      { event: 'blocker-killed', blocker: { connectionId: 5 } },
    ]);
  });

  it('writes every event as one JSON object in JSON, so a log collector never meets a text line', () => {
    const { lines, log } = logOf('json');
    log({ type: 'lock-acquired', lock: 'life_platter.migrations' });
    log({ type: 'forced', via: 'environment', action: 'revert M1', loss: 'the column x' });
    log({ type: 'refused', error: new Error('said by the caller') } as never);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { event: 'lock-acquired', lock: 'life_platter.migrations' },
      { event: 'forced', via: 'environment', action: 'revert M1', loss: 'the column x' },
    ]);
  });
});

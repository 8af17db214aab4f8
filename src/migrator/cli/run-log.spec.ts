import { NotFailedError } from '../index.js';
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
    expect(lines[2]).toMatch(/^Stopped by a failure; 1 migration applied \(1 statements\) in \d+ ms$/);
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
});

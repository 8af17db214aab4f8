/** The log of an apply/undo run: one line per migration and a summary, as text or JSON lines. */
export type RunLogFormat = 'text' | 'json';

export interface MigrationRunEntry {
  direction: 'up' | 'down';
  name: string;
  status: 'applied' | 'reverted' | 'failed';
  statements: number;
  durationMs: number;
  failedStatement?: number;
  error?: string;
}

export class RunReporter {
  private readonly entries: MigrationRunEntry[] = [];
  private readonly started = performance.now();

  constructor(
    private readonly format: RunLogFormat,
    private readonly write: (line: string) => void,
  ) {}

  note(message: string): void {
    this.write(this.format === 'json' ? JSON.stringify({ event: 'note', message }) : message);
  }

  migration(entry: MigrationRunEntry): void {
    this.entries.push(entry);
    if (this.format === 'json') {
      this.write(JSON.stringify({ event: 'migration', ...entry }));
      return;
    }
    const mark = entry.status === 'failed' ? '✗' : entry.direction === 'up' ? '↑' : '↓';
    const detail =
      entry.status === 'failed'
        ? `FAILED at statement ${entry.failedStatement} of ${entry.statements}`
        : `${entry.status}, ${entry.statements} statement${entry.statements === 1 ? '' : 's'}`;
    this.write(`${mark} ${entry.name}  ${detail}, ${entry.durationMs} ms`);
  }

  summary(direction: 'up' | 'down', outcome: 'ok' | 'failed'): void {
    const done = this.entries.filter((entry) => entry.status !== 'failed');
    const statements = done.reduce((sum, entry) => sum + entry.statements, 0);
    const durationMs = Math.round(performance.now() - this.started);
    if (this.format === 'json') {
      this.write(
        JSON.stringify({ event: 'summary', direction, outcome, migrations: done.length, statements, durationMs }),
      );
      return;
    }
    const verb = direction === 'up' ? 'applied' : 'reverted';
    if (done.length === 0 && outcome === 'ok') {
      this.write(direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to revert.');
      return;
    }
    const count = `${done.length} migration${done.length === 1 ? '' : 's'} ${verb} (${statements} statements) in ${durationMs} ms`;
    this.write(outcome === 'ok' ? count : `Stopped by a failure; ${count}`);
  }
}

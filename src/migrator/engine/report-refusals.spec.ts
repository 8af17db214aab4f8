import { NotFailedError } from '../errors/index.js';
import type { MigratorEvent } from '../events.js';
import { reportRefusals } from './report-refusals.js';

describe('reportRefusals', () => {
  it('reports an engine error as refused, then rethrows it with the host wording and its data', async () => {
    const events: MigratorEvent[] = [];
    const settings = { onEvent: (event: MigratorEvent) => events.push(event), explain: () => 'worded for people' };
    const failing = reportRefusals(settings, () => Promise.reject(new NotFailedError('M1', 'applied')));
    await expect(failing).rejects.toMatchObject({
      message: 'worded for people',
      summary: 'migration M1 is applied, not failed: there is nothing to resolve',
      migration: 'M1',
      state: 'applied',
    });
    expect(events.map((event) => event.type)).toEqual(['refused']);
  });

  it('leaves other errors and results alone', async () => {
    const events: MigratorEvent[] = [];
    const settings = { onEvent: (event: MigratorEvent) => events.push(event), explain: () => 'never' };
    await expect(reportRefusals(settings, () => Promise.reject(new Error('driver said no')))).rejects.toThrow(
      'driver said no',
    );
    await expect(reportRefusals(settings, () => Promise.resolve(42))).resolves.toBe(42);
    expect(events).toEqual([]);
  });

  it('hands a worded engine error to exitOnError when the host asks for it (the MikroORM CLI)', async () => {
    const seen: string[] = [];
    const settings = {
      onEvent: () => undefined,
      explain: () => 'worded',
      exitOnError: (error: Error): never => {
        seen.push(error.message);
        throw new Error('exited');
      },
    };
    await expect(reportRefusals(settings, () => Promise.reject(new NotFailedError('M1', 'applied')))).rejects.toThrow(
      'exited',
    );
    expect(seen).toEqual(['worded']);
  });
});

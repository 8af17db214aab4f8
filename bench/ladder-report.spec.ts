import { ladderMarkdown, ladderRows, ladderSvg, type LadderStep } from './ladder-report.js';

const step = (rung: string, connections: number, requestsPerSecond: number, cpuMicros = 50): LadderStep => ({
  rung,
  adds: `${rung} things`,
  connections,
  requestsPerSecond,
  p50: 1,
  p99: 3,
  errors: 0,
  cpuMicros,
});

describe('cost ladder report', () => {
  const steps = [
    step('bare', 10, 10_000, 50),
    step('nest', 10, 8_000, 62),
    step('app', 10, 6_000, 80),
    step('bare', 50, 12_000),
    step('app', 50, 9_000),
  ];

  it('sets each rung against the bare rung and the rung below, per connection count', () => {
    const rows = ladderRows(steps);
    expect(rows.map((row) => [row.rung, row.connections, row.ofBare, Math.round(row.costPercent)])).toEqual([
      ['bare', 10, 1, 0],
      ['nest', 10, 0.8, 20],
      ['app', 10, 0.6, 25],
      ['bare', 50, 1, 0],
      ['app', 50, 0.75, 25],
    ]);
  });

  it("sets each rung's CPU per request against the bare rung's and says what the rung adds", () => {
    const rows = ladderRows(steps).filter((row) => row.connections === 10);
    expect(rows.map((row) => [row.rung, row.ofBareCpu.toFixed(3), row.cpuAddedMicros])).toEqual([
      ['bare', '1.000', 0],
      ['nest', '0.806', 12],
      ['app', '0.625', 18],
    ]);
  });

  it('writes a table row per measurement and a bar per rung at the lowest connection count', () => {
    expect(ladderMarkdown(steps, 'quick')).toContain(
      '| 10 | nest | nest things | 8000 | 0.80 | 20.0 % | 62 | 0.81 | 12 | 1 | 3 | 0 |',
    );
    const svg = ladderSvg(steps);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('6000 (0.60×; CPU 0.63×)');
  });
});

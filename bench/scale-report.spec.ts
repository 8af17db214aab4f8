import { scaleMarkdown, scaleSvg, targetChecks, type ScaleReport } from './scale-report.js';
import { percentile } from './scale-load.js';

const measurement = (rows: number, scenario: string, p50: number) => ({
  rows,
  scenario,
  p50,
  p99: p50 * 2,
  requests: 100,
  requestsPerSecond: 1000,
  errors: 0,
});

const report: ScaleReport = {
  machine: { cores: '2' },
  settings: { mode: 'test', connections: 10 },
  measurements: [
    ...[10_000, 1_000_000].flatMap((rows) => [
      measurement(rows, 'get-by-id', 2),
      measurement(rows, 'first-page', 3),
      measurement(rows, 'cursor-deep', 3),
      measurement(rows, 'category', 4),
    ]),
    measurement(10_000, 'search', 3),
    measurement(1_000_000, 'search', 9),
  ],
};

describe('scale report', () => {
  it('checks each targeted scenario against get-by-id and against its own smallest size', () => {
    expect(targetChecks(report)).toEqual([
      { scenario: 'first-page', vsGetById: 1.5, growth: 1, met: true },
      { scenario: 'cursor-deep', vsGetById: 1.5, growth: 1, met: true },
      { scenario: 'category', vsGetById: 2, growth: 1, met: true },
      { scenario: 'search', vsGetById: 4.5, growth: 3, met: false },
    ]);
  });

  it('writes a table per size and the target table', () => {
    const markdown = scaleMarkdown(report);
    expect(markdown).toContain('| 1,000,000 | search | 9 | 18 | 1000 | 0 |');
    expect(markdown).toContain('| search | 4.5 | 3 | no |');
  });

  it('draws one line per scenario on log axes', () => {
    const svg = scaleSvg(report);
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    expect(svg).toContain('>1,000,000</text>');
  });

  it('takes percentiles from sorted samples', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(3);
    expect(percentile([], 0.5)).toBe(0);
  });
});

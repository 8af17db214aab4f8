import { markdownReport, medianRound, ratio, ratioRows, svgChart, type Measurement, type Report } from './report.js';

const m = (
  server: Measurement['server'],
  scenario: string,
  requestsPerSecond: number,
  extra: Partial<Measurement> = {},
): Measurement => ({
  server,
  scenario,
  connections: 10,
  requestsPerSecond,
  p50: 2,
  p99: 5,
  errors: 0,
  non2xx: 0,
  ...extra,
});

const report: Report = {
  machine: { cores: '2', node: 'v24.21.0', database: 'MariaDB 10.11' },
  settings: { mode: 'quick' },
  measurements: [
    m('B1', 'get-by-id', 10_000),
    m('B2', 'get-by-id', 8_000),
    m('B3', 'get-by-id', 6_000, { p50: 3, p99: 9 }),
    m('B4', 'get-by-id', 5_000, { non2xx: 2 }),
  ],
  memory: { B3: { before: { rss: 100e6, heapUsed: 30e6 }, after: { rss: 120e6, heapUsed: 32e6 } } },
  extras: { 'migrate job, nothing pending (s)': 0.7 },
};

describe('benchmark report builder', () => {
  it('takes the median round by requests per second', () => {
    expect(medianRound([m('B1', 's', 3), m('B1', 's', 1), m('B1', 's', 2)]).requestsPerSecond).toBe(2);
    expect(medianRound([m('B1', 's', 4), m('B1', 's', 1)]).requestsPerSecond).toBe(1);
  });

  it('computes ratios rounded to two decimals, and none against a missing or zero baseline', () => {
    expect(ratio(6_000, 10_000)).toBe(0.6);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 3)).toBeUndefined();
  });

  it('builds one row per scenario and connection count with B3 against each baseline', () => {
    expect(ratioRows(report)).toEqual([
      {
        scenario: 'get-by-id',
        connections: 10,
        rps: { B1: 10_000, B2: 8_000, B3: 6_000, B4: 5_000 },
        b3OverB1: 0.6,
        b3OverB2: 0.75,
        b3OverB4: 1.2,
        b3P99OverP50: 3,
        errors: 2,
      },
    ]);
  });

  it('writes the Markdown table with the ratios, latencies, memory and extras', () => {
    const markdown = markdownReport(report);
    expect(markdown).toContain('| get-by-id | 10 | 10000 | 8000 | 6000 | 5000 | 0.60 | 0.75 | 1.20 | 3.0 | 2 |');
    expect(markdown).toContain('| B3 | 100.0 → 120.0 | 30.0 → 32.0 |');
    expect(markdown).toContain('| migrate job, nothing pending (s) | 0.7 |');
    expect(markdown).toContain('Machine: cores 2, node v24.21.0, database MariaDB 10.11');
  });

  it('draws one bar per server and scenario, scaled to the fastest', () => {
    const svg = svgChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x="\d+" y="\d+" width="18"/g)).toHaveLength(4);
    expect(svg).toContain('height="260" fill="#8c8c8c"><title>B1 get-by-id: 10000 req/s');
    expect(svg).toContain('height="156" fill="#e4572e"><title>B3 get-by-id: 6000 req/s');
  });
});

/** Turns benchmark measurements into the JSON, Markdown and SVG reports. Pure: no I/O. */

export type ServerId = 'B1' | 'B2' | 'B3' | 'B4';

export const SERVER_NAMES: Record<ServerId, string> = {
  B1: 'bare Fastify + mysql2 (limit)',
  B2: 'NestJS + mysql2, no ORM',
  B3: 'life-platter-api (NestJS + MikroORM)',
  B4: 'NestJS + TypeORM (peer)',
};

export interface Measurement {
  server: ServerId;
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface Report {
  machine: Record<string, string>;
  settings: Record<string, string | number | boolean>;
  measurements: Measurement[];
  memory: Record<string, { before: Memory; after: Memory }>;
  extras: Record<string, number | string>;
}

export interface Memory {
  rss: number;
  heapUsed: number;
}

/** Median of the rounds, by requests per second. */
export function medianRound(rounds: Measurement[]): Measurement {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : Math.round((a / b) * 100) / 100;
}

function find(report: Report, server: ServerId, scenario: string, connections: number): Measurement | undefined {
  return report.measurements.find(
    (m) => m.server === server && m.scenario === scenario && m.connections === connections,
  );
}

export interface RatioRow {
  scenario: string;
  connections: number;
  rps: Partial<Record<ServerId, number>>;
  b3OverB1?: number;
  b3OverB2?: number;
  b3OverB4?: number;
  b3P99OverP50?: number;
  errors: number;
}

export function ratioRows(report: Report): RatioRow[] {
  const keys = [...new Set(report.measurements.map((m) => `${m.scenario}|${m.connections}`))];
  return keys.map((key) => {
    const [scenario, connections] = [key.split('|')[0], Number(key.split('|')[1])];
    const rps: Partial<Record<ServerId, number>> = {};
    for (const server of Object.keys(SERVER_NAMES) as ServerId[]) {
      const m = find(report, server, scenario, connections);
      if (m) {
        rps[server] = m.requestsPerSecond;
      }
    }
    const b3 = find(report, 'B3', scenario, connections);
    return {
      scenario,
      connections,
      rps,
      b3OverB1: ratio(rps.B3, rps.B1),
      b3OverB2: ratio(rps.B3, rps.B2),
      b3OverB4: ratio(rps.B3, rps.B4),
      b3P99OverP50: b3 ? ratio(b3.p99, Math.max(b3.p50, 1)) : undefined,
      errors: report.measurements
        .filter((m) => m.scenario === scenario && m.connections === connections)
        .reduce((sum, m) => sum + m.errors + m.non2xx, 0),
    };
  });
}

const fmt = (value: number | undefined, digits = 0) => (value === undefined ? '–' : value.toFixed(digits));

export function markdownReport(report: Report): string {
  const lines = [
    '# Benchmark results',
    '',
    `Machine: ${Object.entries(report.machine)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}`,
    `Settings: ${Object.entries(report.settings)
      .map(([key, value]) => `${key} ${String(value)}`)
      .join(', ')}`,
    '',
    ...(Object.keys(SERVER_NAMES) as ServerId[]).map((id) => `- **${id}** ${SERVER_NAMES[id]}`),
    '',
    '| scenario | conns | B1 req/s | B2 req/s | B3 req/s | B4 req/s | B3/B1 | B3/B2 | B3/B4 | B3 p99/p50 | errors+non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ratioRows(report).map(
      (row) =>
        `| ${row.scenario} | ${row.connections} | ${fmt(row.rps.B1)} | ${fmt(row.rps.B2)} | ${fmt(row.rps.B3)} | ${fmt(row.rps.B4)} | ` +
        `${fmt(row.b3OverB1, 2)} | ${fmt(row.b3OverB2, 2)} | ${fmt(row.b3OverB4, 2)} | ${fmt(row.b3P99OverP50, 1)} | ${row.errors} |`,
    ),
    '',
    '| server | scenario | conns | p50 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: |',
    ...report.measurements.map((m) => `| ${m.server} | ${m.scenario} | ${m.connections} | ${m.p50} | ${m.p99} |`),
    '',
    '| server | RSS before → after (MB) | heap before → after (MB) |',
    '| --- | --- | --- |',
    ...Object.entries(report.memory).map(
      ([server, { before, after }]) =>
        `| ${server} | ${fmt(before.rss / 1e6, 1)} → ${fmt(after.rss / 1e6, 1)} | ${fmt(before.heapUsed / 1e6, 1)} → ${fmt(after.heapUsed / 1e6, 1)} |`,
    ),
  ];
  if (Object.keys(report.extras).length > 0) {
    lines.push(
      '',
      '| measurement | value |',
      '| --- | ---: |',
      ...Object.entries(report.extras).map(([key, value]) => `| ${key} | ${value} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

const COLOURS: Record<ServerId, string> = { B1: '#8c8c8c', B2: '#5b8def', B3: '#e4572e', B4: '#76b041' };

/** Grouped bars: requests per second of each server, per scenario, at the lowest connection count. */
export function svgChart(report: Report): string {
  const connections = Math.min(...report.measurements.map((m) => m.connections));
  const rows = ratioRows(report).filter((row) => row.connections === connections);
  const servers = Object.keys(SERVER_NAMES) as ServerId[];
  const max = Math.max(1, ...rows.flatMap((row) => servers.map((server) => row.rps[server] ?? 0)));
  const [barWidth, gap, height, left, top] = [22, 30, 260, 60, 40];
  const groupWidth = servers.length * barWidth + gap;
  const width = left + rows.length * groupWidth + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + top + 90}" font-family="sans-serif" font-size="11">`,
    `<text x="${left}" y="20" font-size="14">requests/s at ${connections} connections (higher is better)</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" stroke="#333"/>`,
  ];
  rows.forEach((row, group) => {
    const x0 = left + group * groupWidth;
    servers.forEach((server, index) => {
      const value = row.rps[server] ?? 0;
      const barHeight = Math.round((value / max) * height);
      const x = x0 + index * barWidth;
      parts.push(
        `<rect x="${x}" y="${top + height - barHeight}" width="${barWidth - 4}" height="${barHeight}" fill="${COLOURS[server]}"><title>${server} ${row.scenario}: ${Math.round(value)} req/s</title></rect>`,
      );
    });
    parts.push(`<text x="${x0}" y="${top + height + 16}">${row.scenario}</text>`);
  });
  servers.forEach((server, index) => {
    const y = top + height + 36 + index * 12;
    parts.push(`<rect x="${left}" y="${y - 9}" width="10" height="10" fill="${COLOURS[server]}"/>`);
    parts.push(`<text x="${left + 16}" y="${y}">${server} ${SERVER_NAMES[server]}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

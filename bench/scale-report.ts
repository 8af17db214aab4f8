/** The scale bench's table, target check and chart (latency against rows, both on log scales). */
import type { TimedLoad } from './scale-load.js';

export interface ScaleMeasurement extends TimedLoad {
  rows: number;
  scenario: string;
}

export interface ScaleReport {
  machine: Record<string, string>;
  settings: Record<string, string | number>;
  measurements: ScaleMeasurement[];
}

/** The scenarios the issue's targets name: each within 3× get-by-id, and flat with size. */
export const TARGETED = ['first-page', 'cursor-deep', 'category', 'search'];

export interface TargetCheck {
  scenario: string;
  /** p50 over get-by-id's p50 at the largest size. */
  vsGetById: number;
  /** p50 at the largest size over p50 at the smallest. */
  growth: number;
  met: boolean;
}

function p50Of(report: ScaleReport, scenario: string, rows: number): number {
  return report.measurements.find((m) => m.scenario === scenario && m.rows === rows)?.p50 ?? Number.NaN;
}

export function targetChecks(report: ScaleReport): TargetCheck[] {
  const sizes = [...new Set(report.measurements.map((m) => m.rows))].sort((a, b) => a - b);
  const [smallest, largest] = [sizes[0], sizes.at(-1) ?? sizes[0]];
  return TARGETED.map((scenario) => {
    const vsGetById = p50Of(report, scenario, largest) / p50Of(report, 'get-by-id', largest);
    const growth = p50Of(report, scenario, largest) / p50Of(report, scenario, smallest);
    return { scenario, vsGetById: round(vsGetById), growth: round(growth), met: vsGetById <= 3 && growth <= 1.5 };
  });
}

export function scaleMarkdown(report: ScaleReport): string {
  const sizes = [...new Set(report.measurements.map((m) => m.rows))].sort((a, b) => a - b);
  const scenarios = [...new Set(report.measurements.map((m) => m.scenario))];
  const lines = [
    `# Scale bench (${report.settings.mode})`,
    '',
    `Machine: ${Object.entries(report.machine)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}.`,
    `Settings: ${Object.entries(report.settings)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}.`,
    '',
    '| rows | scenario | p50 ms | p99 ms | req/s | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const rows of sizes) {
    for (const scenario of scenarios) {
      const m = report.measurements.find((item) => item.rows === rows && item.scenario === scenario);
      if (m) {
        lines.push(
          `| ${rows.toLocaleString('en')} | ${scenario} | ${m.p50} | ${m.p99} | ${m.requestsPerSecond} | ${m.errors} |`,
        );
      }
    }
  }
  lines.push('', `## Targets at ${sizes.at(-1)?.toLocaleString('en')} rows`, '');
  lines.push(
    '| scenario | p50 / get-by-id p50 (≤ 3) | p50 largest / smallest (≤ 1.5) | met |',
    '| --- | ---: | ---: | --- |',
  );
  for (const check of targetChecks(report)) {
    lines.push(`| ${check.scenario} | ${check.vsGetById} | ${check.growth} | ${check.met ? 'yes' : 'no'} |`);
  }
  return `${lines.join('\n')}\n`;
}

const COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

/** p50 latency against rows, one line per scenario; both axes logarithmic. */
export function scaleSvg(report: ScaleReport): string {
  const sizes = [...new Set(report.measurements.map((m) => m.rows))].sort((a, b) => a - b);
  const scenarios = [...new Set(report.measurements.map((m) => m.scenario))];
  const values = report.measurements.map((m) => Math.max(m.p50, 0.01));
  const [low, high] = [Math.floor(Math.log10(Math.min(...values))), Math.ceil(Math.log10(Math.max(...values)))];
  const [left, top, width, height] = [70, 40, 520, 300];
  const x = (rows: number) =>
    sizes.length === 1
      ? left + width / 2
      : left + ((Math.log10(rows) - Math.log10(sizes[0])) / (Math.log10(sizes.at(-1)!) - Math.log10(sizes[0]))) * width;
  const y = (ms: number) => top + height - ((Math.log10(Math.max(ms, 0.01)) - low) / Math.max(1, high - low)) * height;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 190}" height="${top + height + 60}" font-family="sans-serif" font-size="11">`,
    `<text x="${left}" y="20" font-size="14">p50 latency (ms, log) against rows (log), ${report.settings.connections} connections</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>`,
  ];
  for (let power = low; power <= high; power++) {
    const label = 10 ** power;
    parts.push(`<text x="${left - 8}" y="${y(label) + 4}" text-anchor="end">${label}</text>`);
    parts.push(`<line x1="${left}" y1="${y(label)}" x2="${left + width}" y2="${y(label)}" stroke="#ddd"/>`);
  }
  for (const rows of sizes) {
    parts.push(
      `<text x="${x(rows)}" y="${top + height + 16}" text-anchor="middle">${rows.toLocaleString('en')}</text>`,
    );
  }
  scenarios.forEach((scenario, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const points = sizes
      .map((rows) => report.measurements.find((m) => m.rows === rows && m.scenario === scenario))
      .filter((m): m is ScaleMeasurement => m !== undefined)
      .map((m) => `${x(m.rows).toFixed(1)},${y(m.p50).toFixed(1)}`);
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<rect x="${left + width + 20}" y="${top + index * 16}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${left + width + 36}" y="${top + index * 16 + 9}">${scenario}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const round = (value: number) => Math.round(value * 100) / 100;

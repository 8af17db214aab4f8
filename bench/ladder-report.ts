/** The cost ladder's tables and chart, from its measurements (bench/ladder.ts). */

export interface LadderStep {
  rung: string;
  /** What this rung adds to the one below it. */
  adds: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /**
   * The server's own CPU time per request in µs (user + system, median round). Unlike req/s it
   * hardly moves when the load generator, the database or a neighbour of the VM takes the cores.
   */
  cpuMicros: number;
}

/** Each rung's req/s as a ratio of the bare rung's, and what it costs against the rung below (in %). */
export function ladderRows(steps: LadderStep[]) {
  return steps.map((step) => {
    const same = steps.filter((other) => other.connections === step.connections);
    const bare = same[0];
    const below = same[same.indexOf(step) - 1];
    return {
      ...step,
      ofBare: step.requestsPerSecond / bare.requestsPerSecond,
      costPercent: below ? (1 - step.requestsPerSecond / below.requestsPerSecond) * 100 : 0,
      /** Requests per CPU-second of the rung over the bare rung's: its capacity on a core of its own. */
      ofBareCpu: bare.cpuMicros / step.cpuMicros,
      cpuAddedMicros: below ? step.cpuMicros - below.cpuMicros : 0,
    };
  });
}

export function ladderMarkdown(steps: LadderStep[], settings: string): string {
  const lines = [
    '## Cost ladder: GET /cookings/:id, one feature more per rung',
    '',
    `${settings}. Ratio: req/s of the rung over the bare rung's in the same run; cost: the rung's loss against the rung below (negative: faster, within noise). CPU: the server's own CPU time per request; × bare (CPU): the bare rung's CPU per request over the rung's; + µs: what the rung adds to the one below.`,
    '',
    '| connections | rung | adds | req/s | × bare | cost | CPU µs/req | × bare (CPU) | + µs | p50 ms | p99 ms | errors |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of ladderRows(steps)) {
    lines.push(
      `| ${row.connections} | ${row.rung} | ${row.adds} | ${row.requestsPerSecond} | ${row.ofBare.toFixed(2)} | ` +
        `${row.costPercent.toFixed(1)} % | ${row.cpuMicros} | ${row.ofBareCpu.toFixed(2)} | ${row.cpuAddedMicros} | ` +
        `${row.p50} | ${row.p99} | ${row.errors} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Horizontal bars, one per rung, at the smallest connection count: req/s, × bare and × bare by CPU. */
export function ladderSvg(steps: LadderStep[]): string {
  const connections = Math.min(...steps.map((step) => step.connections));
  const rows = ladderRows(steps).filter((row) => row.connections === connections);
  const max = Math.max(1, ...rows.map((row) => row.requestsPerSecond));
  const [left, top, barHeight, gap, width] = [110, 36, 18, 6, 420];
  const height = top + rows.length * (barHeight + gap) + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 220}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="20" font-size="14">GET /cookings/:id at ${connections} connections: req/s per rung (× bare; × bare by server CPU per request)</text>`,
  ];
  rows.forEach((row, index) => {
    const y = top + index * (barHeight + gap);
    const length = Math.round((row.requestsPerSecond / max) * width);
    parts.push(`<text x="10" y="${y + 13}">${row.rung}</text>`);
    parts.push(
      `<rect x="${left}" y="${y}" width="${length}" height="${barHeight}" fill="#4c78a8"><title>${row.rung}: ${row.adds}</title></rect>`,
    );
    parts.push(
      `<text x="${left + length + 6}" y="${y + 13}">${row.requestsPerSecond} (${row.ofBare.toFixed(2)}×; CPU ${row.ofBareCpu.toFixed(2)}×)</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

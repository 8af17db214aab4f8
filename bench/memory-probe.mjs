// Loaded into each benchmarked server with --import: on SIGUSR2 it writes the process's memory
// and CPU time so far to $BENCH_MEMORY_FILE, so the harness can read heap, RSS and CPU per request
// without touching the server's code.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  const cpuMs = (user + system) / 1000;
  writeFileSync(process.env.BENCH_MEMORY_FILE, JSON.stringify({ rss, heapUsed, heapTotal, cpuMs, at: Date.now() }));
});

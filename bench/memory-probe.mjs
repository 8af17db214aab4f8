// Loaded into each benchmarked server with --import: on SIGUSR2 it writes the process's memory
// to $BENCH_MEMORY_FILE, so the harness can read heap and RSS without touching the server's code.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  writeFileSync(process.env.BENCH_MEMORY_FILE, JSON.stringify({ rss, heapUsed, heapTotal, at: Date.now() }));
});

// npm run fuzz -- [--runs N] [--seed S] [jest options]: the property-based suites
// (test/api/api-fuzz.e2e-spec.ts, test/api/api-model.e2e-spec.ts) with more cases than CI's fixed 100
// per operation and kind, or another seed. A failure prints its seed and the shrunk request;
// `--seed S --runs N` replays it. Runs on the server of TEST_DATABASE_URL (default MariaDB).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string' }, seed: { type: 'string' } },
  allowPositionals: true,
  strict: false,
});
for (const [name, value] of Object.entries({ runs: values.runs, seed: values.seed })) {
  if (value !== undefined && !/^\d+$/.test(String(value))) {
    console.error(`fuzz: --${name} wants a whole number, got "${value}"`);
    process.exit(2);
  }
}
const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--selectProjects',
    'integration',
    '--runTestsByPath',
    'test/api/api-fuzz.e2e-spec.ts',
    'test/api/api-model.e2e-spec.ts',
    // Long runs take longer than a test's default two minutes.
    '--testTimeout',
    '3600000',
    ...positionals,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(values.runs ? { FUZZ_RUNS: values.runs } : {}),
      ...(values.seed ? { FUZZ_SEED: values.seed } : {}),
    },
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

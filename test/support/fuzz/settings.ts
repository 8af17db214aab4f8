/**
 * How much the property-based suites generate: a fixed seed and a bounded count in CI, more
 * with `npm run fuzz -- --runs N --seed S` (scripts/fuzz.mjs passes them as FUZZ_RUNS and
 * FUZZ_SEED). A failure prints the seed, the path and the shrunk request; rerun with that seed.
 */
export interface FuzzSettings {
  /** Requests per operation and kind (valid, invalid). */
  runs: number;
  /** Sequences of the model-based suite. */
  sequences: number;
  seed: number;
}

const CI_RUNS = 100;
const CI_SEQUENCES = 100;
const CI_SEED = 36;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number, got "${raw}"`);
  }
  return value;
}

export function fuzzSettings(): FuzzSettings {
  const runs = positiveInteger('FUZZ_RUNS', CI_RUNS);
  return {
    runs,
    // The sequences scale with --runs: each is a few dozen requests.
    sequences: Math.max(1, Math.round((CI_SEQUENCES * runs) / CI_RUNS)),
    seed: positiveInteger('FUZZ_SEED', CI_SEED),
  };
}

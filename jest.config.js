/**
 * Jest 30 on native ESM: TypeScript goes through SWC with legacy decorators and their metadata.
 * Two tiers: `unit` (pure logic beside the code, no database) and `integration` (e2e and
 * integration suites on a real database, found by test/global-setup.ts).
 *   npm run test:unit   → the unit tier alone, in seconds, with no database
 *   npm test            → both
 *   npm run test:compose → `compose`: docker-compose.yml on a real Docker engine
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'es6' },
  },
];

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './x.js' (nodenext); Jest resolves the .ts file behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  // Nest's bootstrap imports it in the app; DTO unit tests need it too.
  setupFiles: ['reflect-metadata'],
};

export default {
  testTimeout: 120_000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts', '<rootDir>/test/docs/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Runs only when a test of this tier is selected.
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      // `npm run test:compose` only (test/compose/run.sh starts the engine and builds the stand-ins).
      ...shared,
      displayName: 'compose',
      testMatch: ['<rootDir>/test/compose/**/*.compose-spec.ts'],
      testTimeout: 900_000,
    },
  ],
};

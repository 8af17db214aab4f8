// @ts-check
// The NestJS 12 starter's lint setup (typescript-eslint type-checked rules + Prettier), for ESM.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_NEST = { group: ['@nestjs/*'], message: 'The migration engine and its command line do not depend on Nest.' };
const CLI_BOUNDARY =
  'The command line reaches the engine only through src/migrator/index.js and its words through src/migration-words/index.js (and may read config/, lifecycle/, the connection probe, the replication SQL and the ORM configuration, src/db/orm-config.ts).';

/** The engine's folders, lowest first: each may import the root files and the folders before it. */
const ZONES = ['errors', 'sql', 'state', 'server', 'plan', 'gates', 'engine', 'checks'];
const OUTSIDE_ENGINE = 'The migration engine imports nothing outside src/migrator/.';

function engineZones() {
  const root = {
    files: ['src/migrator/*.ts'],
    ignores: ['src/migrator/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            { group: ['../*', '../**'], message: OUTSIDE_ENGINE },
            {
              group: ZONES.filter((zone) => zone !== 'errors').map((zone) => `./${zone}/**`),
              message: 'The engine root (events, settings, types) imports none of its folders but errors/.',
            },
          ],
        },
      ],
    },
  };
  return [
    root,
    ...ZONES.map((zone, index) => ({
      files: [`src/migrator/${zone}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              NO_NEST,
              { group: ['../../*', '../../**'], message: OUTSIDE_ENGINE },
              { group: ['../index.js'], message: 'Engine folders import each other directly, never the public index.' },
              ...(index < ZONES.length - 1
                ? [
                    {
                      group: ZONES.slice(index + 1).map((above) => `../${above}/**`),
                      message: `src/migrator/${zone}/ may import only ${['the root', ...ZONES.slice(0, index)].join(', ')}: ${ZONES.slice(index + 1).join(', ')} sit above it.`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    })),
  ];
}

export default tseslint.config(
  {
    ignores: [
      'eslint.config.mjs',
      'jest.config.js',
      'dist/',
      'node_modules/',
      'coverage/',
      'bench/results/',
      'test/api/generated-client/',
      'docker/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'module',
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      'prettier/prettier': ['error', { endOfLine: 'auto' }],
    },
  },
  {
    // The migration engine is a library: everything outside it goes through its public surface,
    // and nothing reaches into the db command but its own entry (tests run it in-process).
    files: ['**/*.ts'],
    ignores: ['src/migrator/**', 'src/db-cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/migrator/**', '!**/migrator/index.js'],
              message: 'Import the migration engine from src/migrator/index.js.',
            },
            {
              group: ['**/db-cli/**', '!**/db-cli/index.js'],
              message: 'The db command is used through src/db-cli/index.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // The app and the one ORM config load no command-line code.
    files: ['mikro-orm.config.ts', 'src/**/*.ts'],
    ignores: ['src/db-cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/migrator/**', '!**/migrator/index.js'],
              message: 'Import the migration engine from src/migrator/index.js.',
            },
            {
              group: ['**/db-cli/**'],
              message: 'The app and mikro-orm.config.ts import nothing of the db command (src/db-cli/).',
            },
          ],
        },
      ],
    },
  },
  // The engine's zones, each importing only the ones before it (src/migrator/README.md).
  ...engineZones(),
  {
    // The engine's words: its public surface and nothing else of the project.
    files: ['src/migration-words/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            {
              regex: String.raw`^\.\./(?!migrator/index\.js$)`,
              message: 'The words read the engine only through src/migrator/index.js, and nothing else of the project.',
            },
          ],
        },
      ],
    },
  },
  {
    // The command line adapts the engine through its public surface; to open the ORM it may
    // read the project's configuration and connection probe, but nothing of the Nest app.
    files: ['src/db-cli/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            {
              regex: String.raw`^\.\./(?!migrator/index\.js$|migration-words/index\.js$|config/|lifecycle/|db/server-probe\.js$|db/database-connect\.error\.js$|db/replicas/replication-sql\.js$|db/cluster/write-target\.js$|db/orm-config\.js$)`,
              message: CLI_BOUNDARY,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db-cli/commands/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            { regex: String.raw`^\.\./\.\./(?!migrator/index\.js$|migration-words/index\.js$)`, message: CLI_BOUNDARY },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript helpers: no types to check them against.
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'test/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read loosely typed HTTP bodies and query rows on purpose, and pass what they read on
    // (an id from a response body to the next URL) as freely as they read it.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);

// @ts-check
// The NestJS 12 starter's lint setup (typescript-eslint type-checked rules + Prettier), for ESM.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_NEST = { group: ['@nestjs/*'], message: 'The migration engine and its command line do not depend on Nest.' };
const CLI_BOUNDARY =
  'The command line reaches the engine only through src/migrator/index.js (and may read config/, the connection probe and mikro-orm.config.ts).';

export default tseslint.config(
  { ignores: ['eslint.config.mjs', 'jest.config.js', 'dist/', 'node_modules/', 'coverage/', 'bench/results/', 'test/generated-client/', 'docker/'] },
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
    // The migration engine is a library: everything outside it goes through its public surface.
    files: ['**/*.ts'],
    ignores: ['src/migrator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/migrator/*',
                '!**/migrator/index.js',
                '!**/migrator/cli',
                '**/migrator/cli/*',
                '!**/migrator/cli/index.js',
              ],
              message:
                'Import the migration engine from src/migrator/index.js (its command line from src/migrator/cli/index.js).',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine imports nothing of the app and nothing of Nest; its files sit flat in src/migrator/.
    files: ['src/migrator/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            { group: ['../*', '../**'], message: 'The migration engine imports nothing outside src/migrator/.' },
          ],
        },
      ],
    },
  },
  {
    // The command line adapts the engine through its public surface; to open the ORM it may
    // read the project's configuration and connection probe, but nothing of the Nest app.
    files: ['src/migrator/cli/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_NEST,
            {
              regex: String.raw`^(\.\./(?!index\.js$|\.\./)|\.\./\.\./(?!config/|db/server-probe\.js$|db/database-connect\.error\.js$|\.\./)|\.\./\.\./\.\./(?!mikro-orm\.config\.js$))`,
              message: CLI_BOUNDARY,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/migrator/cli/commands/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_NEST, { regex: String.raw`^\.\./\.\./(?!index\.js$)`, message: CLI_BOUNDARY }] },
      ],
    },
  },
  {
    // Plain JavaScript helpers: no types to check them against.
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read loosely typed HTTP bodies and query rows on purpose.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);

// ESLint 9 flat config. `npm run check` runs it after tsc; the two rules that matter most are the module boundaries
// of STYLE.md (principle 1): civitas/service-boundaries and import-x/no-cycle.
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import civitas from './eslint-rules/index.js';

export default defineConfig([
  globalIgnores(['node_modules/', 'dist/', 'data/', 'bench/results/', 'coverage/', 'web/dist/', 'web/.dist-*/']),
  {
    // Not type-aware, to stay fast: tsc already checks types.
    files: ['**/*.ts', '**/*.tsx', '**/*.js'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A generator that never yields is a bug; src/core/db/pglite-dialect.ts already disables this where intended.
      'require-yield': 'error',
      // `const { help: _help, ...rest } = flags` drops keys on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { civitas, 'import-x': importX },
    settings: {
      // Sources import each other as `./x.js`; the files are `x.ts`.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'civitas/service-boundaries': ['error', { root: import.meta.dirname }],
      // Type-only imports are erased, so they cannot form a runtime cycle and the rule skips them.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
]);

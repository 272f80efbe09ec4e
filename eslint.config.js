// Lint rules that catch real bugs, not taste (formatting is prettier's job): typescript-eslint's
// recommended set, plus the type-aware rules for promises and errors that this codebase of async
// handlers needs — a forgotten await silently drops a write or a workflow start.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', '.data/', 'cdk.out/', 'dist/', 'coverage/', 'reports/', '.stryker-tmp/', 'packages/credentials/schemas/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', '*.config.ts', 'packages/cli/bin/*.js', 'infra/lib/bundling/*.js'],
          // The bundle aliases (infra/lib/bundling/*.js) took the count past the default 8.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: an un-awaited call loses its error and its ordering; a promise where a boolean or
      // a void callback is expected is always true / never awaited.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // Errors: only Error objects carry a stack and a cause for the one place that maps them.
      '@typescript-eslint/only-throw-error': 'error',
      // Rejecting with a caught `unknown` (or an abort signal's reason) passes the original on.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // The control-character classes here are sanitisers (XML text, terminal output): deliberate.
      'no-control-regex': 'off',
      // Not no-base-to-string: its findings here are all String(x) of untrusted input shown in a
      // verifier's message, on purpose; restrict-template-expressions drowns the code likewise.
      // A new status or purpose must not fall through a switch unnoticed.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // `_`-prefixed names are deliberately unused (destructuring a field away).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Plain JS files (this config, the CLI launcher) run on Node, outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // What Lambda bundles. Not a bug but a 345 KB one: esbuild cannot tree-shake zod's re-exported `z`
    // binding, so one such import puts all of zod with its 40 locales in every bundle that reaches the file.
    files: ['functions/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['packages/local/**', 'packages/cli/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "import * as z from 'zod' (tree-shakable; docs/BENCHMARKS.md, Bundles)",
        },
      ],
    },
  },
  {
    // CloudFormation templates are untyped JSON; the infra tests walk them freely.
    files: ['test/infra/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

// Mutation testing of the security-critical modules (`npm run test:mutation`; one module while
// iterating: `npm run test:mutation -- --mutate functions/webhook-intake/signature.ts`). Scores: docs/TESTING.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'functions/webhook-intake/signature.ts',
    'functions/webhook-intake/intake.ts',
    'functions/review/review.ts',
    'functions/shared/admin-auth.ts',
    'packages/core/src/status.ts',
    // The request contracts and the catalogue schemas (until 2026-12 one file, domain.ts).
    'packages/core/src/contracts.ts',
    'packages/core/src/catalogue.ts',
    'packages/credentials/src/verify.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine's two cores are shared; Stryker's default would take them all.
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

// The tests Stryker runs against each mutant (`npm run test:mutation`): only those that exercise the
// mutated modules, fast ones first; DynamoDB Local for the intake and review tests that store.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'functions/webhook-intake/*.test.ts',
      'functions/review/*.test.ts',
      'functions/shared/admin-auth.test.ts',
      'functions/shared/http.test.ts',
      'test/integration/intake-rules.test.ts',
      'test/integration/review-decisions.test.ts',
      'packages/core/src/*.test.ts',
      'packages/credentials/src/verify*.test.ts',
    ],
    globalSetup: ['test/setup/dynamodb-local.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

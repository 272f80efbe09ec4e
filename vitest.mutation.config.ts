// The tests Stryker runs against each mutant (`npm run test:mutation`): only those that exercise the
// mutated modules; DynamoDB Local for the intake and review tests that store.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Stryker copies the project into a sandbox but links node_modules, whose @tessera/* links lead
// back to the unmutated packages: resolve package names to the sandbox's own sources instead.
const packages = readdirSync(resolve(import.meta.dirname, 'packages')).map((dir) => {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'packages', dir, 'package.json'), 'utf8')) as { name: string; exports: { '.': string } };
  return { find: new RegExp(`^${manifest.name}$`), replacement: resolve(import.meta.dirname, 'packages', dir, manifest.exports['.']) };
});

export default defineConfig({
  resolve: { alias: packages },
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
      // verifyCredential's VC-JWT path (its proof check, its exp standing in for validUntil)
      'packages/credentials/src/vc-jwt.test.ts',
    ],
    globalSetup: ['test/setup/dynamodb-local.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

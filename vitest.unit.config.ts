// Unit tests only: no DynamoDB Local, no workflow runs. `npx vitest run -c vitest.unit.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'functions/**/*.test.ts'],
    testTimeout: 30_000,
  },
});

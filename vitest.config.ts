import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture apps carry their own tests (fixtures/registry-app); the root suite runs them explicitly.
    exclude: ['**/node_modules/**', 'fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The fixture app imports the registry by its package name, as users do; run it from source.
    alias: { 'ssot-lint/registry': path.resolve(import.meta.dirname, 'src/registry/index.ts') },
  },
  test: {
    // Fixture apps are not tests, except fixtures/registry-app, whose own tests run the registry's scenarios through it.
    include: ['test/**/*.test.ts', 'fixtures/registry-app/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Forks: runMain (test/helpers/cli.ts) changes the working directory, which worker threads cannot.
    pool: 'forks',
    // One fork per core, and at least two: vitest's default (cores − 1) ran the suite in one fork on
    // a 2-core machine, while much of it waits on spawned processes (63 s → 40 s measured there).
    maxWorkers: Math.max(2, os.availableParallelism()),
    // A fork runs test file after test file with one module cache: TypeScript and tree-sitter load once
    // per fork, not once per file (a fifth of the suite's CPU time). So a test that changes
    // global state (process.env, spies, the working directory) puts it back, as runMain does.
    isolate: false,
    // The run's own temp directory (TMPDIR) with a per-user cache directory (code cache, cache
    // secret) for every test and spawned CLI; the run fails if a test leaves a directory in it.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Every test file removes the temp directories it made with tempDir() (test/helpers/temp.ts).
    setupFiles: ['test/helpers/setup.ts'],
  },
});

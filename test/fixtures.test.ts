/** Every fixture project: findings must match the `// expect:` annotations one-to-one. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixture, fixtureDirs } from './helpers/expectations.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

describe('fixtures', () => {
  // fixtures/sprawl/ is measured by `npm run accuracy` (recall and precision), not held to every label here.
  const skipped = new Set(['registry-app', 'registry-broken', 'sprawl']);
  const dirs = fixtureDirs(FIXTURES).filter((d) => !skipped.has(path.relative(FIXTURES, d).split(path.sep)[0]!));
  it('finds fixture projects', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });
  for (const dir of dirs) {
    it(path.relative(FIXTURES, dir), () => {
      const outcome = checkFixture(dir);
      expect({ unexpected: outcome.unexpected, missing: outcome.missing }).toEqual({ unexpected: [], missing: [] });
    });
  }
});

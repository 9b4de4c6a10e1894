/** Every fixture project: findings must match the `// expect:` annotations one-to-one. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixture, fixtureDirs } from './helpers/expectations.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

describe('fixtures', () => {
  // fixtures/sprawl/ is measured by `npm run accuracy` (recall and precision), not held to every label here.
  const dirs = fixtureDirs(FIXTURES).filter(
    (d) => !d.includes(`${path.sep}registry-app`) && !d.includes(`${path.sep}registry-broken`) && !d.includes(`${path.sep}sprawl${path.sep}`),
  );
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

/**
 * Fixture expectations live next to the code: `// expect: rule-id` (or `# expect: rule-id`) on the
 * line a finding is reported, optionally `// expect: rule-id "message fragment"`, several separated
 * by `;`. Matching is one-to-one; every unmatched finding or annotation is a failure. The label
 * parsing and matching live in labels.js, shared with `npm run accuracy`.
 */
import { analyze, type AnalyzeOptions } from '../../src/engine/run.js';
import type { Finding } from '../../src/model/findings.js';
import { fixtureDirs, formatExpectation, formatFinding, listFiles, matchFindings, readExpectations, type Expectation } from './labels.js';

export { fixtureDirs, readExpectations, type Expectation };

export interface FixtureOutcome {
  findings: Finding[];
  unexpected: string[];
  missing: string[];
}

/** Run the real engine on a fixture directory (its own root) and match findings to annotations. */
export function checkFixture(dir: string, options: Partial<AnalyzeOptions> = {}): FixtureOutcome {
  const result = analyze({ targets: ['.'], cwd: dir, ...options });
  const findings = result.findings.filter((f) => !f.suppressed);
  const { unexpected, missing } = matchFindings(findings, readExpectations(dir, listFiles(dir)));
  // A case that does not parse has no findings and would pass as a look-alike: every error is unexpected.
  const errors = result.errors.map((e) => `${e.file}: ${e.kind} error: ${e.message}`);
  return { findings, unexpected: [...unexpected.map(formatFinding), ...errors], missing: missing.map(formatExpectation) };
}

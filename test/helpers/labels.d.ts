/** Types for test/helpers/labels.js (fixture labels, shared with scripts/accuracy.mjs). */
export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  fragment?: string;
}
/** A `// ok: rule-id — why` label: a look-alike the rule must stay silent on. */
export interface LookAlike {
  file: string;
  line: number;
  ruleId: string;
}
/** The part of a finding the labels are matched on. */
export interface LabelledFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}
export function readExpectations(root: string, files: string[]): Expectation[];
export function readLabels(root: string, files: string[]): { expectations: Expectation[]; lookAlikes: LookAlike[] };
export function listFiles(dir: string, base?: string): string[];
export function fixtureDirs(fixturesRoot: string): string[];
export function matchFindings<F extends LabelledFinding>(
  findings: F[],
  expectations: Expectation[],
): { matched: Array<{ finding: F; expectation: Expectation }>; unexpected: F[]; missing: Expectation[] };
export function formatFinding(f: LabelledFinding): string;
export function formatExpectation(e: Expectation): string;

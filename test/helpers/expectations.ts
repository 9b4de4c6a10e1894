/**
 * Fixture expectations live next to the code: `// expect: rule-id` (or `# expect: rule-id`) on the
 * line a finding is reported, optionally `// expect: rule-id "message fragment"`, several separated
 * by `;`. Matching is one-to-one; every unmatched finding or annotation is a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyze, type AnalyzeOptions } from '../../src/engine/run.js';
import type { Finding } from '../../src/model/findings.js';

export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  fragment?: string;
}

const EXPECT = /(?:\/\/|#)\s*expect:\s*(.+?)\s*(?:\*\/)?$/;

export function readExpectations(root: string, files: string[]): Expectation[] {
  const out: Expectation[] = [];
  for (const rel of files) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    text.split('\n').forEach((lineText, i) => {
      const m = EXPECT.exec(lineText);
      if (!m) return;
      for (const part of m[1]!.split(';')) {
        const pm = /^\s*([a-z][a-z0-9-]*)(?:\s+"([^"]*)")?\s*$/.exec(part);
        if (!pm) throw new Error(`${rel}:${i + 1}: malformed expectation "${part.trim()}"`);
        out.push({ file: rel, line: i + 1, ruleId: pm[1]!, ...(pm[2] ? { fragment: pm[2] } : {}) });
      }
    });
  }
  return out;
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else if (/\.(c|m)?[jt]sx?$|\.py$/.test(e.name)) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

export interface FixtureOutcome {
  findings: Finding[];
  unexpected: string[];
  missing: string[];
}

/** Run the real engine on a fixture directory (its own root) and match findings to annotations. */
export function checkFixture(dir: string, options: Partial<AnalyzeOptions> = {}): FixtureOutcome {
  const result = analyze({ targets: ['.'], cwd: dir, ...options });
  const findings = result.findings.filter((f) => !f.suppressed);
  const expectations = readExpectations(dir, listFiles(dir));
  const remaining = [...expectations];
  const unexpected: string[] = [];
  for (const f of findings) {
    const i = remaining.findIndex(
      (e) => e.file === f.file && e.line === f.line && e.ruleId === f.ruleId && (!e.fragment || f.message.includes(e.fragment)),
    );
    if (i >= 0) remaining.splice(i, 1);
    else unexpected.push(`${f.file}:${f.line}:${f.column} ${f.ruleId}: ${f.message}`);
  }
  const missing = remaining.map((e) => `${e.file}:${e.line} ${e.ruleId}${e.fragment ? ` "${e.fragment}"` : ''}`);
  return { findings, unexpected, missing };
}

/** Every fixture directory with annotations: fixtures/<name>/ and fixtures/rules/<rule>/<case>/. */
export function fixtureDirs(fixturesRoot: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const isProject = entries.some((e) => e.name === 'src' || e.name === 'tsconfig.json' || e.name === 'ssot.config.json' || e.name === '.fixture');
    if (isProject) {
      out.push(dir);
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(fixturesRoot);
  return out.sort();
}

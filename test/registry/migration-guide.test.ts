/**
 * docs/registry.md's migration guide is checked, not just written: its "Before" project and each
 * step's files are applied in order to a scratch directory, ssot-lint runs after each, and the rule
 * ids that disappear must be exactly the ones the step lists ("Findings removed: ..."). Rules not in
 * this version's rule table are dropped from the lists, so the check tightens when they land.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { analyze } from '../../src/engine/run.js';
import { tempDir } from '../helpers/temp.js';

const DOC = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/registry.md'), 'utf8');
const RULE_IDS = new Set(RULES.map((r) => r.id));

interface Step {
  title: string;
  files: Map<string, string>;
  /** Rule ids listed under the step (Before: "Findings:", steps: "Findings removed:"). */
  listed: string[];
}

function guideSteps(): Step[] {
  const start = DOC.indexOf('\n## Migration guide');
  const end = DOC.indexOf('\n## ', start + 1);
  const guide = DOC.slice(start, end < 0 ? undefined : end);
  return guide
    .split('\n### ')
    .slice(1)
    .map((chunk) => {
      const title = chunk.slice(0, chunk.indexOf('\n'));
      const files = new Map<string, string>();
      for (const block of chunk.matchAll(/```ts\n([\s\S]*?)```/g)) {
        let current: string | undefined;
        for (const line of block[1]!.split('\n')) {
          const m = /^\/\/ file: (.+)$/.exec(line);
          if (m) files.set((current = m[1]!), '');
          else if (current) files.set(current, `${files.get(current)}${line}\n`);
        }
      }
      const list = /^Findings(?: removed)?: (.+)$/m.exec(chunk);
      if (!list) throw new Error(`docs/registry.md: step "${title}" has no "Findings removed:" line`);
      const listed = list[1]!.trim() === 'none.' ? [] : [...list[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
      return { title, files, listed };
    });
}

function ruleIdsIn(dir: string): Set<string> {
  const result = analyze({ targets: ['.'], cwd: dir });
  expect(result.errors ?? []).toEqual([]);
  return new Set(result.findings.filter((f) => !f.suppressed).map((f) => f.ruleId));
}

describe('docs/registry.md migration guide', () => {
  const steps = guideSteps();

  it('has a Before project and at least four steps, each with code', () => {
    expect(steps[0]!.title).toBe('Before');
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const s of steps) expect(s.files.size, s.title).toBeGreaterThan(0);
    for (const s of steps) for (const id of s.listed) expect(RULE_IDS.has(id) || ['registry-key-inconsistency', 'import-cycle', 'factory-fragmentation'].includes(id), id).toBe(true);
  });

  it('each step removes exactly the findings it lists, and the last leaves none', () => {
    const dir = tempDir('ssot-migration-');
    const known = (ids: Iterable<string>): string[] => [...ids].filter((id) => RULE_IDS.has(id)).sort();
    let before: Set<string> | undefined;
    for (const step of steps) {
      for (const [file, text] of step.files) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const now = ruleIdsIn(dir);
      if (before === undefined) {
        expect({ step: step.title, findings: [...now].sort() }).toEqual({ step: step.title, findings: known(step.listed) });
      } else {
        const removed = [...before].filter((id) => !now.has(id));
        const added = [...now].filter((id) => !before!.has(id));
        expect({ step: step.title, removed: removed.sort(), added }).toEqual({ step: step.title, removed: known(step.listed), added: [] });
      }
      before = now;
    }
    expect([...before!]).toEqual([]);
  });
});

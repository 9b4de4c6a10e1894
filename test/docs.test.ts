/**
 * Rule docs are checked like ESLint checks its own: every rule has docs/rules/<id>.md with the
 * headings in Ruff's order, the summary matches the metadata, and the examples are linted, each
 * language on its own — the TypeScript "Example" must produce a finding of that rule by itself (a
 * Python example that fires cannot cover for a broken TypeScript one), and each "Use instead" none.
 * The languages a rule's doc has examples in are the languages it supports (see also
 * test/rule-fixtures.test.ts, which asks the same of its fixtures).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { analyze, ENGINE_RULES } from '../src/engine/run.js';
import { documentedLanguages, exampleFiles, RULE_DOC_HEADINGS, section } from './helpers/rule-docs.js';
import { tempDir } from './helpers/temp.js';

const DOCS = path.resolve(import.meta.dirname, '../docs/rules');
const ALL_RULES = [...RULES, ...ENGINE_RULES].sort((a, b) => a.id.localeCompare(b.id));

/** Finding rule ids of the example files; unused-suppression needs the rule it names to run, so it runs with every rule. */
function lintExample(ruleId: string, files: Map<string, string>): string[] {
  const dir = tempDir(`ssot-doc-${ruleId}-`);
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const engineRule = ENGINE_RULES.some((r) => r.id === ruleId);
  const result = analyze({ targets: ['.'], cwd: dir, ...(engineRule ? {} : { onlyRules: [ruleId] }) });
  fs.rmSync(dir, { recursive: true, force: true });
  // An example that does not parse has no findings: a "Use instead" would pass for nothing.
  return [...result.findings.filter((f) => !f.suppressed).map((f) => f.ruleId), ...result.errors.map((e) => `${e.kind} error in ${e.file}: ${e.message}`)];
}

describe('rule docs', () => {
  it('the rule table is sorted by id and ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('every doc in docs/rules/ is a rule', () => {
    expect(fs.readdirSync(DOCS).map((n) => n.replace(/\.md$/, '')).sort()).toEqual(ALL_RULES.map((r) => r.id));
  });

  for (const rule of ALL_RULES) {
    describe(rule.id, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      const md = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      it('has docs/rules/<id>.md with the headings in order and the metadata summary', () => {
        expect(fs.existsSync(file), `${file} is missing`).toBe(true);
        expect(md.startsWith(`# ${rule.id}\n\n> ${rule.summary}\n`)).toBe(true);
        expect(md).toContain(`Default severity: **${rule.severity}**. Reported at: ${rule.primaryLocation}.`);
        const found = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(found).toEqual(RULE_DOC_HEADINGS);
        for (const name of Object.keys(rule.options)) expect(section(md, 'Options')).toContain(`\`${name}\``);
      });

      const bad = exampleFiles(section(md, 'Example'));
      const good = exampleFiles(section(md, 'Use instead'));
      it('has an Example and a Use instead in the same languages', () => {
        expect(documentedLanguages(md).length).toBeGreaterThan(0);
        expect([...good.keys()]).toEqual([...bad.keys()]);
      });
      for (const [language, files] of bad) {
        it(`its ${language} Example alone produces a finding of the rule, its ${language} Use instead none`, () => {
          expect(files.size).toBeGreaterThan(0);
          expect(lintExample(rule.id, files), `${rule.id}: ${language} Example`).toContain(rule.id);
          expect(lintExample(rule.id, good.get(language) ?? new Map()), `${rule.id}: ${language} Use instead`).toEqual([]);
        });
      }
    });
  }
});

describe('README', () => {
  it('lists every rule with its default severity and a link to its doc', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    for (const rule of ALL_RULES) {
      expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.severity} |`);
    }
  });
});

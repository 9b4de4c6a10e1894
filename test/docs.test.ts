/**
 * Rule docs are checked like ESLint checks its own: every rule has docs/rules/<id>.md with the
 * headings in Ruff's order, the summary matches the metadata, and the examples are linted — the
 * "Example" must produce a finding of that rule and "Use instead" none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { analyze } from '../src/engine/run.js';
import { tempDir } from './helpers/temp.js';

const DOCS = path.resolve(import.meta.dirname, '../docs/rules');
const HEADINGS = ['What it finds', 'Why it matters', 'Example', 'Use instead', 'Options', 'Known limits'];

function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const rest = md.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Code blocks split into files by `// file: path` (or `# file: path`) lines. */
function exampleFiles(text: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    let current: string | undefined;
    for (const line of block[1]!.split('\n')) {
      const m = /^(?:\/\/|#) file: (.+)$/.exec(line.trim());
      if (m) {
        current = m[1]!;
        files.set(current, '');
      } else if (current) {
        files.set(current, `${files.get(current)}${line}\n`);
      }
    }
  }
  return files;
}

function lintExample(ruleId: string, files: Map<string, string>): string[] {
  const dir = tempDir(`ssot-doc-${ruleId}-`);
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = analyze({ targets: ['.'], cwd: dir, onlyRules: [ruleId] });
  fs.rmSync(dir, { recursive: true, force: true });
  return result.findings.map((f) => f.ruleId);
}

describe('rule docs', () => {
  it('the rule table is sorted by id and ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      it('has docs/rules/<id>.md with the headings in order and the metadata summary', () => {
        expect(fs.existsSync(file), `${file} is missing`).toBe(true);
        const md = fs.readFileSync(file, 'utf8');
        expect(md.startsWith(`# ${rule.id}\n\n> ${rule.summary}\n`)).toBe(true);
        expect(md).toContain(`Default severity: **${rule.severity}**. Reported at: ${rule.primaryLocation}.`);
        const found = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(found).toEqual(HEADINGS);
        for (const name of Object.keys(rule.options)) expect(section(md, 'Options')).toContain(`\`${name}\``);
      });
      it('its Example produces a finding and its Use instead none', () => {
        const md = fs.readFileSync(file, 'utf8');
        const bad = exampleFiles(section(md, 'Example'));
        const good = exampleFiles(section(md, 'Use instead'));
        expect(bad.size).toBeGreaterThan(0);
        expect(good.size).toBeGreaterThan(0);
        expect(lintExample(rule.id, bad)).toContain(rule.id);
        expect(lintExample(rule.id, good)).toEqual([]);
      });
    });
  }
});

describe('README', () => {
  it('lists every rule with its default severity and a link to its doc', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    for (const rule of RULES) {
      expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.severity} |`);
    }
  });
});

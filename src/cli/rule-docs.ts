/** Rule documentation shipped in docs/rules/<id>.md: for `ssot-lint explain` and SARIF descriptions. */
import fs from 'node:fs';
import path from 'node:path';
import type { Rule } from '../api/rule.js';
import { ALL_RULES } from '../engine/run.js';
import { ruleHelpUri } from '../report/links.js';
import type { ReportRuleInfo } from '../report/types.js';
import { PACKAGE_ROOT } from '../util/version.js';

const cache = new Map<string, string | undefined>();

export function ruleDoc(id: string): string | undefined {
  if (!cache.has(id)) {
    const file = PACKAGE_ROOT ? path.join(PACKAGE_ROOT, 'docs', 'rules', `${id}.md`) : undefined;
    cache.set(id, file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  }
  return cache.get(id);
}

/** The "What it finds" section as one paragraph, or undefined without a doc. */
export function ruleDescription(id: string): string | undefined {
  const md = ruleDoc(id);
  const m = md && /\n## What it finds\n+([\s\S]*?)(?=\n## |$)/.exec(md);
  return m ? m[1]!.trim().replace(/\s*\n\s*/g, ' ') : undefined;
}

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export function ruleInfo(rule: Rule, severity = rule.severity): ReportRuleInfo {
  const description = ruleDescription(rule.id);
  return {
    id: rule.id,
    severity,
    summary: rule.summary,
    primaryLocation: rule.primaryLocation,
    ...(description ? { description } : {}),
    helpUri: ruleHelpUri(rule.id),
  };
}

/** What `ssot-lint explain <id>` prints: the doc, or the metadata when the doc is missing. */
export function explainText(rule: Rule): string {
  const doc = ruleDoc(rule.id);
  if (doc) return doc.endsWith('\n') ? doc : `${doc}\n`;
  const lines = [
    `# ${rule.id}`,
    '',
    `> ${rule.summary}`,
    '',
    `Default severity: ${rule.severity}. Reported at: ${rule.primaryLocation}.`,
    '',
    'Options:',
    ...(Object.keys(rule.options).length === 0
      ? ['  none']
      : Object.entries(rule.options).map(([name, o]) => `  ${name} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`)),
    '',
    `(No docs/rules/${rule.id}.md installed; see ${ruleHelpUri(rule.id)})`,
  ];
  return `${lines.join('\n')}\n`;
}

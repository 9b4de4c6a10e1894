/**
 * Reading docs/rules/<id>.md: its sections, and the example files of each language in a section
 * (code blocks split into files by `// file: path` or `# file: path` lines; the block's fence says
 * the language). Shared by the docs test, the rule-fixtures test and the scaffolder's test.
 */

/** The headings of a rule doc, in order (Ruff's). scripts/new-rule.mjs writes the same. */
export const RULE_DOC_HEADINGS = ['What it finds', 'Why it matters', 'Example', 'Use instead', 'Options', 'Known limits'];

export type DocLanguage = 'TypeScript' | 'Python';

const FENCES: Record<string, DocLanguage> = { ts: 'TypeScript', tsx: 'TypeScript', typescript: 'TypeScript', js: 'TypeScript', javascript: 'TypeScript', python: 'Python', py: 'Python' };

/** The text under `## heading`, up to the next `## `; empty when there is no such heading. */
export function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const rest = md.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Example files by language: language → (path → text). A block of another language is an error. */
export function exampleFiles(text: string): Map<DocLanguage, Map<string, string>> {
  const byLanguage = new Map<DocLanguage, Map<string, string>>();
  for (const block of text.matchAll(/```([a-z]*)\n([\s\S]*?)```/g)) {
    const language = FENCES[block[1]!];
    if (!language) throw new Error(`a code block fenced \`\`\`${block[1]} in a rule example: use one of ${Object.keys(FENCES).join(', ')}`);
    const files = byLanguage.get(language) ?? new Map<string, string>();
    byLanguage.set(language, files);
    let current: string | undefined;
    for (const line of block[2]!.split('\n')) {
      const m = /^(?:\/\/|#) file: (.+)$/.exec(line.trim());
      if (m) {
        current = m[1]!;
        files.set(current, '');
      } else if (current) {
        files.set(current, `${files.get(current)}${line}\n`);
      }
    }
  }
  return byLanguage;
}

/** The languages a rule supports: those its doc's Example shows. */
export function documentedLanguages(md: string): DocLanguage[] {
  return [...exampleFiles(section(md, 'Example')).keys()].sort();
}

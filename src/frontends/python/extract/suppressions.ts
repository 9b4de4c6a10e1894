/**
 * Suppression comments: `# ssot-ignore[rule-id]: reason` and the TypeScript spelling.
 */
import type { Node } from 'web-tree-sitter';
import type { SuppressionFact } from '../../../model/facts.js';

/**
 * `# ssot-ignore[rule-id, …]: reason` (this line), `# ssot-ignore-next-line[rule-id]: reason`,
 * `# ssot-ignore-file[rule-id]: reason`; the TypeScript spelling (`# ssot-ignore-next-line rule-id --
 * reason`) works too. Only real comments count, never text inside strings.
 */
const PY_SUPPRESSION = /#\s*ssot-ignore(?:-(next-line|line|file))?(?:\[([^\]]*)\]\s*(?::\s*(.*?))?|\s+([a-z][\w\s,-]*?)(?:\s+--\s*(.*?))?|\s*(?::\s*(.*?))?)\s*$/gm;

export function extractPySuppressions(text: string, root: Node): SuppressionFact[] {
  if (!text.includes('ssot-ignore')) return [];
  const out: SuppressionFact[] = [];
  for (const m of text.matchAll(PY_SUPPRESSION)) {
    const index = m.index;
    if (root.descendantForIndex(index)?.type !== 'comment') continue;
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    const kind = (m[1] ?? 'line') as SuppressionFact['kind'];
    const ruleText = m[2] ?? m[4] ?? '';
    const rules = ruleText
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const reason = (m[3] ?? m[5] ?? m[6])?.trim();
    out.push({
      kind,
      rules,
      ...(reason ? { reason } : {}),
      line: kind === 'next-line' ? line + 1 : line,
      at: { line, column, endLine: line, endColumn: column + m[0].length },
    });
  }
  return out;
}


/**
 * Suppression comments: `# ssot-ignore[rule-id]: reason` and the TypeScript spelling.
 */
import type { Node } from 'web-tree-sitter';
import type { SuppressionFact } from '../../../model/facts.js';
import { suppressionAt } from '../../shared/suppressions.js';

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
    if (root.descendantForIndex(m.index)?.type !== 'comment') continue;
    const kind = (m[1] ?? 'line') as SuppressionFact['kind'];
    out.push(suppressionAt(text, m.index, m[0].length, kind, m[2] ?? m[4] ?? '', (m[3] ?? m[5] ?? m[6])?.trim()));
  }
  return out;
}


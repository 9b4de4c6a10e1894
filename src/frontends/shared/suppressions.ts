/** Suppression comments: the fact for one directive, whichever language's comment it was found in. */
import type { SuppressionFact } from '../../model/facts.js';

/**
 * The directive found at `index` of the text (`length` characters long): its rules (comma- or
 * space-separated), its reason, and the line it covers (the next one for `next-line`).
 */
export function suppressionAt(text: string, index: number, length: number, kind: SuppressionFact['kind'], ruleText: string, reason: string | undefined): SuppressionFact {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const rules = ruleText
    .split(/[,\s]+/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  return {
    kind,
    rules,
    ...(reason ? { reason } : {}),
    line: kind === 'next-line' ? line + 1 : line,
    at: { line, column, endLine: line, endColumn: column + length },
  };
}

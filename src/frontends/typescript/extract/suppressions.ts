/**
 * Suppression comments: `// ssot-ignore-next-line rule-a, rule-b -- reason` and its `-line` /
 * `-file` forms, found in the text and kept only where a comment starts.
 */
import { ts } from '../ts.js';
import type { FileFacts, SuppressionFact } from '../../../model/facts.js';
import { suppressionAt } from '../../shared/suppressions.js';
import { SK } from '../classify.js';

const SUPPRESSION = /\/[/*]\s*ssot-ignore-(next-line|line|file)\b([^\n*]*?)(?:--\s*([^\n]*?))?\s*(?:\*\/)?\s*$/gm;

/**
 * `// ssot-ignore-next-line rule-a, rule-b -- reason` and its `-line` / `-file` forms (also as block
 * comments). With the parsed file, only a comment that starts with the directive counts: the same
 * text inside a string, a template, a regular expression or another comment (documentation that
 * mentions the syntax) is not a suppression.
 */
export function extractSuppressions(text: string, sf?: ts.SourceFile): FileFacts['suppressions'] {
  if (!text.includes('ssot-ignore')) return [];
  const out: FileFacts['suppressions'] = [];
  for (const m of text.matchAll(SUPPRESSION)) {
    if (sf && !startsComment(sf, m.index)) continue;
    out.push(suppressionAt(text, m.index, m[0].trimEnd().length, m[1] as SuppressionFact['kind'], m[2] ?? '', m[3]?.trim()));
  }
  return out;
}

/** Does a comment start exactly at `pos`? Finds the token whose leading trivia holds `pos`. */
function startsComment(sf: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    const next = node.getChildren(sf).find((c) => c.pos <= pos && pos < c.end);
    if (!next) return false;
    // Inside a JSDoc block: text in a comment, not a comment of its own.
    if (next.kind >= SK.FirstJSDocNode && next.kind <= SK.LastJSDocNode) return false;
    node = next;
    if (node.kind < SK.FirstNode || node.getChildCount(sf) === 0) break;
  }
  if (pos >= node.getStart(sf)) return false; // inside the token's own text (a literal)
  // Trivia before a token: comments on the previous token's line ("trailing"), then the rest ("leading").
  const ranges = [...(ts.getTrailingCommentRanges(sf.text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(sf.text, node.pos) ?? [])];
  return ranges.some((r) => r.pos === pos);
}

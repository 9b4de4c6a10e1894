/** Return shapes, shared by the frontends. */
import type { ReturnShape } from '../model/facts.js';

/** Each shape once, in first-seen order (a key per shape, not its JSON: this runs per function). */
export function dedupeShapes(shapes: ReturnShape[]): ReturnShape[] {
  if (shapes.length < 2) return shapes;
  const seen = new Set<string>();
  return shapes.filter((s) => {
    const k = s.kind === 'call' || s.kind === 'new' ? `${s.kind}:${s.callee}` : s.kind;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Return shapes and declared return types, built the same way by both frontends. */
import type { DeclaredType, ReturnShape } from '../../model/facts.js';

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

/**
 * A function's returned names, each followed to what it is: `resolve` adds the shapes of one name
 * and calls `follow` for a name it leads to. A name seen before, or more than four steps away,
 * is an unknown shape.
 */
export function resolveReturnedNames(names: readonly string[], shapes: ReturnShape[], resolve: (name: string, follow: (next: string) => void) => void): void {
  const seen = new Set<string>();
  const visit = (name: string, depth: number): void => {
    if (seen.has(name) || depth > 4) {
      shapes.push({ kind: 'unknown' });
      return;
    }
    seen.add(name);
    resolve(name, (next) => visit(next, depth + 1));
  };
  for (const name of names) visit(name, 0);
}

/**
 * A union's declared type from its members': anything awaitable or unknown makes it opaque, one
 * class reference makes it that class (`Foo | None`), two make it opaque, none makes it sync.
 */
export function unionType<M>(members: Iterable<M>, classify: (member: M) => DeclaredType): DeclaredType {
  let ref: DeclaredType | undefined;
  for (const member of members) {
    const c = classify(member);
    if (c.kind === 'promise' || c.kind === 'opaque' || c.kind === 'none') return { kind: 'opaque' };
    if (c.kind === 'ref') {
      if (ref) return { kind: 'opaque' };
      ref = c;
    }
  }
  return ref ?? { kind: 'sync' };
}

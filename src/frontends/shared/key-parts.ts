/**
 * Key-derivation pieces both frontends build the same way: the normalised text of a key, a choice
 * between alternatives, a name or property path followed through a local's assignments, the cap
 * on a derivation's size, and the questions asked of a finished derivation.
 * Each frontend supplies its scope and how it derives an assigned value (a `ts.Expression`, a
 * Python assignment read from text or from its syntax node).
 */
import type { KeyDerivation, KeyPart } from '../../model/facts.js';

/** How deep `refPart` follows locals through assignments, and how many assignments it follows. */
export const MAX_DEPTH = 3;
export const MAX_ASSIGNS = 4;
/** How many parts a derivation may have before it is not worth comparing. */
export const MAX_PARTS = 16;

/** A derivation's parts, or one uncomparable part when there are too many. */
export function capParts(parts: KeyPart[]): KeyPart[] {
  return parts.length > MAX_PARTS ? [{ kind: 'other', text: 'too many parts' }] : parts;
}

/** Whitespace- and quote-insensitive text of a key expression, so equal derivations compare equal. */
export function normaliseKey(text: string): string {
  return text.replace(/\s+/g, '').replace(/["'`]/g, '"');
}

/** Alternatives as one part; nested choices are flattened (`a ?? b ?? c`). */
export function choice(options: KeyDerivation[]): KeyPart {
  const flat: KeyDerivation[] = [];
  for (const o of options) {
    const only = o.parts.length === 1 ? o.parts[0]! : undefined;
    if (only?.kind === 'choice') flat.push(...only.options);
    else flat.push(o);
  }
  return { kind: 'choice', options: flat };
}

/** What `refPart` asks a frontend's derivation scope; `V` is how the frontend holds an assigned value. */
export interface RefScope<V> {
  /** In a function's `derives`: the parameter's position (rendered `$i`); undefined otherwise. */
  paramIndex(name: string): number | undefined;
  /** A parameter or local of the enclosing function(s). */
  isLocal(name: string): boolean;
  /** A parameter of the enclosing function(s): reassigning it mixes the caller's value with the new one. */
  isParam(name: string): boolean;
  /** The values assigned to a local, in source order. */
  assigned(name: string): readonly V[] | undefined;
}

/** A name, or a property path rooted at a name: parameters become `$i`, locals are followed. */
export function refPart<V>(
  root: string,
  rest: readonly string[],
  scope: RefScope<V>,
  depth: number,
  out: KeyPart[],
  derive: (value: V, depth: number) => KeyDerivation,
): void {
  const suffix = rest.length > 0 ? `.${rest.join('.')}` : '';
  const index = scope.paramIndex(root);
  if (index !== undefined) {
    out.push({ kind: 'ref', path: `$${index}${suffix}` });
    return;
  }
  const local = scope.isLocal(root);
  // A reassigned parameter is the caller's value or the new one: not followed.
  const assigned = local && !scope.isParam(root) ? scope.assigned(root) : undefined;
  if (assigned && assigned.length > 0 && assigned.length <= MAX_ASSIGNS && depth < MAX_DEPTH) {
    const options = assigned.map((a) => derive(a, depth + 1));
    const followed = options.length === 1 ? options[0]!.parts : [choice(options)];
    if (rest.length === 0) {
      out.push(...followed);
      return;
    }
    // `const user = ctx.user; user.id` → `ctx.user.id`; anything more complex is not followed.
    const only = followed.length === 1 ? followed[0]! : undefined;
    if (only?.kind === 'ref' && !only.opaque) {
      out.push({ kind: 'ref', path: `${only.path}${suffix}` });
      return;
    }
  }
  out.push({ kind: 'ref', path: `${root}${suffix}`, ...(rest.length === 0 && local ? { opaque: true } : {}) });
}

/** Every part, options and call arguments included. */
function* allParts(parts: readonly KeyPart[]): Generator<KeyPart> {
  for (const p of parts) {
    yield p;
    if (p.kind === 'choice') for (const o of p.options) yield* allParts(o.parts);
    if (p.kind === 'call') {
      for (const a of p.args) yield* allParts(a.parts);
      if (p.receiver) yield* allParts(p.receiver.parts);
    }
  }
}

/** A key function's derivation is worth recording: no uncomparable part at any level. */
export function derivable(parts: readonly KeyPart[]): boolean {
  let n = 0;
  for (const p of allParts(parts)) if (p.kind === 'other' || ++n > MAX_PARTS) return false;
  return true;
}

/** The nondeterministic sources (`Date.now`, `uuid4`, …) anywhere in a derivation. */
export function sourcesOf(parts: readonly KeyPart[]): string[] {
  const out: string[] = [];
  for (const p of allParts(parts)) if (p.kind === 'nondeterministic') out.push(p.source);
  return out;
}

export function hasSource(parts: readonly KeyPart[]): boolean {
  return sourcesOf(parts).length > 0;
}

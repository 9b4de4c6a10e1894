/**
 * Keyed collections used as registries, and how each operation's key is derived once key
 * functions are followed through the index. Language-neutral: reads only `KeyedOpFact.derivation`
 * and `FunctionFact.derives`.
 *
 * A derivation with alternatives (`a ?? b`, a ternary, several returns) expands into variants:
 * one list of operands per way the key can be built.
 */
import type { FunctionFact, Init, KeyDerivation, KeyedOpFact, Span } from '../facts.js';
import type { FunctionTarget, ProjectIndex } from '../project-index.js';

export interface KeyFunctionRef {
  file: string;
  fn: FunctionFact;
}

export interface KeyOperand {
  kind: 'ref' | 'literal' | 'call' | 'nondeterministic' | 'other';
  /** What two derivations compare: a data name, a literal, a call, a source. */
  sig: string;
  /** Display text. */
  text: string;
  /** Comes from a fallback (a later alternative of `??`, `||`, a ternary, a later return). */
  fallback: boolean;
  /** Bare parameter or unfollowed local: the value was made by the caller. */
  opaque: boolean;
  /** The key function whose body this operand comes from. */
  via?: KeyFunctionRef;
  /** `EventType.CREATED` (`.value`): one member of a project enum, a constant any variable part may hold. */
  member?: true;
}

export type KeyVariant = KeyOperand[];

export interface ExpandedKey {
  /** The key as written at the operation. */
  text: string;
  /** Every way the key can be built (at most MAX_VARIANTS; more make the key uncomparable). */
  variants: KeyVariant[];
  /** Key functions followed, outermost first. */
  functions: KeyFunctionRef[];
}

export interface KeyedAccess {
  file: string;
  op: KeyedOpFact;
  key: ExpandedKey;
}

export interface KeyedCollection {
  /** `file#name` for module bindings, `file#Class.field` for fields. */
  id: string;
  /** `managers`, `Registry.managers`. */
  label: string;
  file: string;
  at: Span;
  accesses: KeyedAccess[];
}

/** Sets, arrays and lists are positional or membership-only: not registries keyed by data. */
const UNKEYED = /^(Set|WeakSet|Array|list|set|frozenset|tuple)$/;
const MAX_FOLLOW = 4;
const MAX_VARIANTS = 16;
const TOO_MANY: KeyVariant = [{ kind: 'other', sig: '?', text: 'too many variants', fallback: false, opaque: false }];

function isKeyedInit(init: Init | undefined): boolean {
  return init?.kind === 'object' || (init?.kind === 'collection' && !UNKEYED.test(init.type));
}

/**
 * `ctx.userId`, `user_id`, `$0.userId` → `userid`: the name a key part means, root dropped. An
 * enum's `.value` is the member itself: `event_type.value` means `event_type` (a caller passing
 * the enum's value to a str parameter `event_type` passes the same key part).
 */
export function dataName(path: string): string {
  if (path.length > 6 && path.endsWith('.value')) path = path.slice(0, -6);
  const last = path.slice(path.lastIndexOf('.') + 1);
  return last.toLowerCase().replace(/[_$-]/g, '') || last;
}

/** Every combination of one variant per part, capped. */
function product(lists: KeyVariant[][]): KeyVariant[] {
  let out: KeyVariant[] = [[]];
  for (const list of lists) {
    const next: KeyVariant[] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, ...v]);
    if (next.length > MAX_VARIANTS) return [TOO_MANY];
    out = next;
  }
  return out;
}

/**
 * `resolveCall`, plus `this.method()` on the class's own method even when the class is exported:
 * `resolveCall` refuses those because a subclass elsewhere could override them, but for how a
 * key is built or where a factory looks, the method as written is the best evidence there is.
 * An override inside the project still makes the call unresolved.
 */
export function resolveOwnCall(index: ProjectIndex, file: string, callee: string, enclosingClass: string | undefined): FunctionTarget | undefined {
  const target = index.resolveCall(file, callee, enclosingClass);
  if (target) return target;
  const parts = callee.split('.');
  if (parts[0] !== index.selfName(file) || parts.length !== 2 || !enclosingClass) return undefined;
  if (index.subclassesOf(`${file}#${enclosingClass}`).some((s) => s.cls.members.some((m) => m.name === parts[1]))) return undefined;
  const fn = index.functionIn(file, `${enclosingClass}.${parts[1]}`);
  return fn && !fn.isStatic ? { fn, file, chain: [] } : undefined;
}

const asFallback = (v: KeyVariant): KeyVariant => v.map((o) => (o.fallback ? o : { ...o, fallback: true }));

/**
 * Expand a derivation: key functions resolved through the index (their operands attributed to
 * them), `$i` replaced by the call's arguments, alternatives turned into variants.
 */
export function expandKey(
  index: ProjectIndex,
  file: string,
  enclosingClass: string | undefined,
  derivation: KeyDerivation,
  depth = 0,
  args?: ExpandedKey[],
  via?: KeyFunctionRef,
): ExpandedKey {
  const functions: KeyFunctionRef[] = [];
  // Built field by field: a spread with a conditional part was the hottest line of the rule's linking.
  const own = (kind: KeyOperand['kind'], sig: string, text: string, opaque: boolean): KeyVariant[] => {
    const operand: KeyOperand = { kind, sig, text, opaque, fallback: false };
    if (via) operand.via = via;
    return [[operand]];
  };
  const lists = derivation.parts.map((p): KeyVariant[] => {
    switch (p.kind) {
      case 'ref': {
        if (!p.path.startsWith('$')) {
          const v = own('ref', dataName(p.path), p.path, p.opaque === true);
          if (isEnumMember(index, file, p.path)) v[0]![0]!.member = true;
          return v;
        }
        const dot = p.path.indexOf('.');
        const arg = args?.[Number(p.path.slice(1, dot < 0 ? undefined : dot))];
        if (!arg) return own('other', '?', p.path, false);
        functions.push(...arg.functions);
        if (dot < 0) return arg.variants;
        const rest = p.path.slice(dot);
        return arg.variants.map((v) => {
          const only = v.length === 1 ? v[0]! : undefined;
          if (only?.kind !== 'ref') return [{ kind: 'other', sig: '?', text: `${arg.text}${rest}`, fallback: false, opaque: false }];
          const path = `${only.text}${rest}`;
          return [{ ...only, sig: dataName(path), text: path, opaque: false }];
        });
      }
      case 'literal':
        return own('literal', JSON.stringify(p.text), JSON.stringify(p.text), false);
      case 'nondeterministic':
        return own('nondeterministic', `~${p.source}`, p.source, false);
      case 'other':
        return own('other', '?', p.text, false);
      case 'choice': {
        const out: KeyVariant[] = [];
        p.options.forEach((o, i) => {
          const e = expandKey(index, file, enclosingClass, o, depth + 1, args, via);
          functions.push(...e.functions);
          out.push(...(i === 0 ? e.variants : e.variants.map(asFallback)));
        });
        return out.length > MAX_VARIANTS ? [TOO_MANY] : out;
      }
      case 'call': {
        const callArgs = p.args.map((a) => expandKey(index, file, enclosingClass, a, depth + 1, args, via));
        const target = p.receiver || depth >= MAX_FOLLOW ? undefined : resolveOwnCall(index, file, p.callee, enclosingClass);
        if (target?.fn.derives) {
          const ref: KeyFunctionRef = { file: target.file, fn: target.fn };
          const inner = expandKey(index, target.file, target.fn.className, target.fn.derives, depth + 1, callArgs, ref);
          functions.push(ref, ...inner.functions);
          return inner.variants;
        }
        for (const a of callArgs) functions.push(...a.functions);
        const name = p.callee.slice(p.callee.lastIndexOf('.') + 1);
        return own('call', `${name}()`, p.text, false);
      }
    }
  });
  const distinct = functions.length < 2 ? functions : [...new Map(functions.map((f) => [`${f.file}#${f.fn.qualifiedName}`, f])).values()];
  return { text: derivation.text, variants: product(lists), functions: distinct };
}

/** `EventType.CREATED` or `EventType.CREATED.value`, where EventType is an enum of the project. */
function isEnumMember(index: ProjectIndex, file: string, path: string): boolean {
  const steps = (path.endsWith('.value') || path.endsWith('.name') ? path.slice(0, path.lastIndexOf('.')) : path).split('.');
  if (steps.length < 2 || !/^[A-Z]/.test(steps[steps.length - 2]!)) return false;
  return index.resolveClass(file, steps.slice(0, -1).join('.'))?.cls.kind === 'enum';
}

function enclosingClassOf(index: ProjectIndex, file: string, op: KeyedOpFact): string | undefined {
  if (op.className) return op.className;
  const first = op.enclosing.split('.')[0];
  return first && index.file(file)?.classes.some((c) => c.name === first) ? first : undefined;
}

/** The collection an operation's receiver means, if it is a keyed registry of this project. */
function collectionOf(index: ProjectIndex, file: string, op: KeyedOpFact): Omit<KeyedCollection, 'accesses'> | undefined {
  const parts = op.receiver.split('.');
  if (op.receiverScope === 'module') {
    const r = index.resolveName(file, op.receiver);
    if (!r || r.symbol.kind !== 'variable') return undefined;
    const binding = index.bindingIn(r.symbol.file, r.symbol.name);
    if (!binding || !isKeyedInit(binding.init)) return undefined;
    return { id: r.symbol.id, label: r.symbol.name, file: r.symbol.file, at: binding.nameAt };
  }
  if (parts.length !== 2 || (op.receiverScope !== 'this' && op.receiverScope !== 'static')) return undefined;
  const field = parts[1]!;
  let target = op.receiverScope === 'static' ? index.resolveClass(file, parts[0]!) : undefined;
  let cls = target?.cls ?? index.file(file)?.classes.find((c) => c.name === op.className);
  let clsFile = target?.file ?? file;
  for (let i = 0; cls && i < 5; i++) {
    const member = cls.members.find((m) => m.name === field && m.kind === 'field');
    if (member) {
      if (!isKeyedInit(member.init)) return undefined;
      return { id: `${clsFile}#${cls.name}.${field}`, label: `${cls.name}.${field}`, file: clsFile, at: member.at };
    }
    // An inherited field: look in the base class.
    if (!cls.extends) return undefined;
    target = index.resolveClass(clsFile, cls.extends);
    cls = target?.cls;
    clsFile = target?.file ?? clsFile;
  }
  return undefined;
}

/** Every keyed registry (module-level binding or class field holding a map/object) with its operations. */
export function keyedCollections(index: ProjectIndex): KeyedCollection[] {
  return index.memo('keyedCollections', () => {
    const byId = new Map<string, KeyedCollection>();
    for (const f of index.files) {
      for (const op of f.keyedOps) {
        if (!op.derivation) continue;
        const c = collectionOf(index, f.path, op);
        if (!c) continue;
        let entry = byId.get(c.id);
        if (!entry) byId.set(c.id, (entry = { ...c, accesses: [] }));
        const key = expandKey(index, f.path, enclosingClassOf(index, f.path, op), op.derivation);
        // Show the key as the operation's own expression with one local followed (`userKey(ctx)`, not `key`).
        entry.accesses.push({ file: f.path, op, key: { ...key, text: op.key } });
      }
    }
    return [...byId.values()];
  });
}

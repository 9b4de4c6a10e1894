/**
 * Keyed collections used as registries, and how each operation's key is derived once key
 * functions are followed through the index. Language-neutral: reads only `KeyedOpFact.derivation`
 * and `FunctionFact.derives`.
 */
import type { FunctionFact, Init, KeyDerivation, KeyedOpFact, Span } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';

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
  fallback: boolean;
  /** Bare parameter or unfollowed local: the value was made by the caller. */
  opaque: boolean;
  /** The key function whose body this operand comes from. */
  via?: KeyFunctionRef;
}

export interface ExpandedKey {
  /** The key as written at the operation. */
  text: string;
  operands: KeyOperand[];
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

function isKeyedInit(init: Init | undefined): boolean {
  return init?.kind === 'object' || (init?.kind === 'collection' && !UNKEYED.test(init.type));
}

/** `ctx.userId`, `user_id`, `$0.userId` → `userid`: the name a key part means, root dropped. */
export function dataName(path: string): string {
  const last = path.slice(path.lastIndexOf('.') + 1);
  return last.toLowerCase().replace(/[_$-]/g, '') || last;
}

const MAX_FOLLOW = 4;
/** Operands that came in through a key function's parameters, by expansion depth: they belong to the caller. */
const fromArgs = new WeakMap<KeyOperand, number>();

/** Expand a derivation: key functions resolved through the index, `$i` replaced by the call's arguments. */
export function expandKey(
  index: ProjectIndex,
  file: string,
  enclosingClass: string | undefined,
  derivation: KeyDerivation,
  depth = 0,
  args?: ExpandedKey[],
): ExpandedKey {
  const operands: KeyOperand[] = [];
  const functions: KeyFunctionRef[] = [];
  const add = (o: KeyOperand, fallback: boolean, fromArg = false): void => {
    const next = { ...o, fallback: fallback || o.fallback };
    if (fromArg) fromArgs.set(next, depth);
    operands.push(next);
  };
  for (const p of derivation.parts) {
    const fallback = p.fallback === true;
    switch (p.kind) {
      case 'ref': {
        if (p.path.startsWith('$')) {
          const dot = p.path.indexOf('.');
          const arg = args?.[Number(p.path.slice(1, dot < 0 ? undefined : dot))];
          const rest = dot < 0 ? '' : p.path.slice(dot);
          if (!arg) add({ kind: 'other', sig: '?', text: p.path, fallback, opaque: false }, fallback);
          else if (rest === '') for (const o of arg.operands) add(o, fallback, true);
          else {
            const only = arg.operands.length === 1 ? arg.operands[0]! : undefined;
            if (only?.kind === 'ref') {
              const path = `${only.text}${rest}`;
              add({ kind: 'ref', sig: dataName(path), text: path, fallback: fallback || only.fallback, opaque: false }, false, true);
            } else add({ kind: 'other', sig: '?', text: `${arg.text}${rest}`, fallback, opaque: false }, false, true);
          }
          functions.push(...(arg?.functions ?? []));
          break;
        }
        add({ kind: 'ref', sig: dataName(p.path), text: p.path, fallback, opaque: p.opaque === true }, false);
        break;
      }
      case 'literal':
        add({ kind: 'literal', sig: JSON.stringify(p.text), text: JSON.stringify(p.text), fallback, opaque: false }, false);
        break;
      case 'nondeterministic':
        add({ kind: 'nondeterministic', sig: `~${p.source}`, text: p.source, fallback, opaque: false }, false);
        break;
      case 'other':
        add({ kind: 'other', sig: '?', text: p.text, fallback, opaque: false }, false);
        break;
      case 'call': {
        const callArgs = p.args.map((a) => expandKey(index, file, enclosingClass, a, depth + 1, args));
        const target = p.receiver || depth >= MAX_FOLLOW ? undefined : index.resolveCall(file, p.callee, enclosingClass);
        if (target?.fn.derives) {
          const ref: KeyFunctionRef = { file: target.file, fn: target.fn };
          const inner = expandKey(index, target.file, target.fn.className, target.fn.derives, depth + 1, callArgs);
          // Operands written in the key function's own body are attributed to it.
          for (const o of inner.operands) add(fromArgs.get(o) !== depth + 1 && !o.via ? { ...o, via: ref } : o, fallback);
          functions.push(ref, ...inner.functions);
        } else {
          const name = p.callee.slice(p.callee.lastIndexOf('.') + 1);
          add({ kind: 'call', sig: `${name}()`, text: p.text, fallback, opaque: false }, false);
          for (const a of callArgs) functions.push(...a.functions);
        }
        break;
      }
    }
  }
  return { text: derivation.text, operands, functions };
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

/**
 * Keyed operations and key derivations: `d[k] = v`, `d.get(k)`, `del d[k]`, `k in d` on module, class and instance collections, their keys' derivations, and key functions' `derives`.
 */
import type { Node } from 'web-tree-sitter';
import type { Init, KeyDerivation, KeyedOp, KeyPart } from '../../../model/facts.js';
import { dottedText, nondeterministicSource } from '../classify.js';
import { deriveKey, deriveSimple, looksDerivable, type PyDeriveScope } from '../derive.js';
import { choice, derivable, normaliseKey, sourcesOf } from '../../shared/key-parts.js';
import { dottedAt, findTopLevel, matchBracket, parseSimple, splitTopLevel, statementEnd, topLevelIn, trim } from '../scan.js';
import { IDENT, rightOf, type Ctx, type FnB, type PyExtraction, type Site } from './context.js';

/** Keys that index a sequence or name a fixed field: `x[0]`, `x[-1]`, `x["name"]` (f-strings are computed). */
const LITERAL_KEY = /^(-?\d[\d_]*|-?\d*\.\d+|[rRbBuU]{0,2}(['"]).*\2|None|True|False|\.\.\.)$/s;

/**
 * `recv[key] = value`, read from the text (what the syntax tree's subscript target would give:
 * the receiver, the first index, the value). False for anything else: the tree decides.
 */
export function onSubscriptAssign(x: PyExtraction, start: number, ctx: Ctx): boolean {
  const t = x.text;
  const head = dottedAt(t, start);
  if (!head || t.charCodeAt(head.next) !== 91) return false;
  const open = head.next;
  const close = matchBracket(t, open, t.length);
  if (close < 0) return false;
  const eq = x.skipSpaces(close + 1);
  if (t.charCodeAt(eq) !== 61 || t.charCodeAt(eq + 1) === 61) return false;
  const key = splitTopLevel(t, open + 1, close)[0];
  const rs = x.skipSpaces(eq + 1);
  const rc = t.charCodeAt(rs);
  if (!key || t.slice(key[0], key[1]).includes('#') || rc === 92 || rc === 10 || rc === 13 || rc === 35 || rs >= t.length) return false;
  const recv = head.name;
  x.consumedSubscripts.add(start);
  x.mutations.push({ recv, ctx });
  x.keyed.push({ recv, op: 'set', keyStart: key[0], keyEnd: key[1], ctx, at: x.span(start, close + 1) });
  // Into a registry of this module or class, or of another object (`api.stages[k] = …`): cached.
  x.keepValue(rs, statementEnd(t, rs), ctx, recv.includes('.') || x.receiverScope(recv, ctx) !== undefined);
  return true;
}

/** `recv[key] = …` / `del recv[key]`; returns the receiver. */
export function onSubscriptTarget(x: PyExtraction, sub: Node, op: KeyedOp, ctx: Ctx, stmt: Node): string | undefined {
  x.consumedSubscripts.add(sub.startIndex);
  const value = sub.childForFieldName('value');
  const key = sub.childForFieldName('subscript');
  if (!value || !key) return undefined;
  const recv = dottedText(x.src.of(value));
  if (!recv) return undefined;
  x.mutations.push({ recv, ctx });
  x.keyed.push({ recv, op, keyStart: key.startIndex, keyEnd: key.endIndex, ctx, at: x.spanOf(stmt.type === 'delete_statement' ? stmt : sub) });
  return recv;
}

export function onDelete(x: PyExtraction, site: Site): void {
  const node = x.nodeOf(site);
  const ctx = x.context(site.start);
  for (const t of node.namedChildren) {
    if (!t) continue;
    if (t.type === 'subscript') onSubscriptTarget(x, t, 'delete', ctx, node);
    else if (t.type === 'expression_list') for (const e of t.namedChildren) if (e?.type === 'subscript') onSubscriptTarget(x, e, 'delete', ctx, node);
  }
}

/** `recv[key]` read: from the text, since most subscripts are list indexing and slices we drop. */
export function onSubscript(x: PyExtraction, start: number): void {
  if (x.consumedSubscripts.has(start)) return;
  const m = dottedAt(x.text, start);
  if (!m || x.text.charCodeAt(m.next) !== 91 /* [ */) return;
  const open = m.next;
  const close = matchBracket(x.text, open, x.text.length);
  if (close < 0) return;
  const [ks, ke] = trim(x.text, open + 1, close);
  if (ke <= ks || LITERAL_KEY.test(x.text.slice(ks, ke)) || findTopLevel(x.text, ks, ke, ':') >= 0) return;
  const recv = m.name;
  x.keyed.push({ recv, op: 'get', keyStart: ks, keyEnd: ke, ctx: x.context(start), at: x.span(start, close + 1) });
}

/** `key in recv` / `key not in recv` as an `if` condition (the common registry check). */
export function onInCondition(x: PyExtraction, start: number, end: number): void {
  const op = topLevelIn(x.text, start, end);
  if (!op) return;
  const [rs, re] = trim(x.text, op.rightStart, end);
  const recv = dottedText(x.text.slice(rs, re).replace(/\s+/g, ''));
  if (!recv) return;
  let [ks, ke] = trim(x.text, start, op.opStart);
  if (x.text.startsWith('not ', ks)) [ks, ke] = trim(x.text, ks + 4, ke);
  if (ke <= ks) return;
  const [cs] = trim(x.text, start, end);
  x.keyed.push({ recv, op: 'has', keyStart: ks, keyEnd: ke, ctx: x.context(cs), at: x.span(cs, end) });
}

function keyScope(x: PyExtraction, fn: FnB | undefined): PyDeriveScope {
  let scope = x.keyScopes.get(fn);
  if (!scope) x.keyScopes.set(fn, (scope = deriveScope(x, fn)));
  return scope;
}

function deriveScope(x: PyExtraction, fn: FnB | undefined, params?: readonly string[]): PyDeriveScope {
  const declaring = (name: string): FnB | undefined => {
    for (let f = fn; f; f = f.parent) {
      if (f.globals.has(name)) return undefined;
      if (f.locals.has(name)) return f;
    }
    return undefined;
  };
  return {
    src: x.src,
    paramIndex: (name) => (params && params.includes(name) ? params.indexOf(name) : undefined),
    isLocal: (name) => declaring(name) !== undefined,
    isParam: (name) => {
      const f = declaring(name);
      return f !== undefined && (f.fact.params.some((p) => p.name === name) || name === f.selfName || name === f.clsParam);
    },
    assigned: (name) => declaring(name)?.assigns.get(name)?.map((a) => ({ text: x.text.slice(a.rightStart, a.rightEnd), node: () => rightOf(x.nodeOf(a.site)) })),
  };
}

/** The derivation of the expression at [start, end): from its text when simple, else from its node. */
export function deriveAt(x: PyExtraction, start: number, end: number, fn: FnB | undefined, params?: readonly string[]): KeyDerivation | undefined {
  const scope = params ? deriveScope(x, fn, params) : keyScope(x, fn);
  const text = x.text.slice(start, end);
  const simple = parseSimple(text.trim());
  if (simple) return deriveSimple(simple, text, scope);
  const node = x.root.descendantForIndex(start, end);
  return node && node.startIndex === start && node.endIndex === end ? deriveKey(node, scope) : undefined;
}

/** A key function's `derives`: every return a derivable value, parameters written `$i`. */
export function deriveReturns(x: PyExtraction, b: FnB): void {
  const fact = b.fact;
  const returns = b.returnExprs;
  if (fact.isAsync || fact.isGenerator || returns.length === 0 || returns.length > 4) return;
  const params = fact.params.map((p) => p.name);
  const options: KeyDerivation[] = [];
  for (const r of returns) {
    const simple = parseSimple(x.text.slice(r.start, r.end));
    if (simple) options.push(deriveSimple(simple, x.text.slice(r.start, r.end), deriveScope(x, b, params)));
    else if (r.node().type === 'return_statement' || !looksDerivable(r.node().type)) return;
    else options.push(deriveKey(r.node(), deriveScope(x, b, params)));
  }
  const parts: KeyPart[] = options.length === 1 ? options[0]!.parts : [choice(options)];
  if (parts.length === 0 || !derivable(parts)) return;
  // Without parameters only a generated value makes a key function (`new_session_key()`).
  if (params.length === 0 && sourcesOf(parts).length === 0) return;
  fact.derives = { text: returns.map((r) => normaliseKey(x.text.slice(r.start, r.end))).join(' | '), parts };
}

const MAPPINGS = new Set(['dict', 'defaultdict', 'OrderedDict', 'Counter', 'ChainMap', 'WeakValueDictionary', 'WeakKeyDictionary']);

/** At the end: the keyed operations on collections used as registries, with their keys' derivations. */
export function finishKeyedOps(x: PyExtraction): void {
  // Keyed operations on registries: module, instance and class collections.
  const callsInRange = (start: number, end: number): string[] => {
    // Calls are in document order: binary search the first at or after `start`.
    let lo = 0;
    let hi = x.calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x.callStarts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < x.calls.length && x.callStarts[i]! < end; i++) out.push(x.calls[i]!.callee);
    return out;
  };
  // Only collections used as registries: initialised as a mapping, or written by key somewhere in
  // the file. `self.text[i]` or `self.items[0]` are reads of data, not of a registry.
  const resolved = x.keyed.map((k) => ({ k, scope: x.receiverScope(k.recv, k.ctx) }));
  const receiverKey = (scope: NonNullable<(typeof resolved)[number]['scope']>): string => `${scope.scope}\0${scope.cls?.fact.name ?? ''}\0${scope.receiver}`;
  const written = new Set(resolved.filter((r) => r.scope && (r.k.op === 'set' || r.k.op === 'delete')).map((r) => receiverKey(r.scope!)));
  const initOf = (scope: NonNullable<(typeof resolved)[number]['scope']>): Init | undefined => {
    const name = scope.receiver.slice(scope.receiver.lastIndexOf('.') + 1);
    if (scope.scope === 'module') return x.facts.bindings.find((b) => b.name === name)?.init;
    return scope.cls?.fact.members.find((m) => m.name === name && m.kind === 'field')?.init;
  };
  for (const { k, scope } of resolved) {
    if (!scope) continue;
    const init = initOf(scope);
    const mapping = init?.kind === 'collection' && MAPPINGS.has(init.type);
    const data = init !== undefined && !mapping && init.kind !== 'none' && init.kind !== 'other' && init.kind !== 'call' && init.kind !== 'new' && init.kind !== 'alias';
    if (data || (!mapping && !written.has(receiverKey(scope)))) continue;
    let ks = k.keyStart;
    let ke = k.keyEnd;
    const keyText = x.text.slice(ks, ke);
    let keyLocal: string | undefined;
    if (k.ctx.fn && IDENT.test(keyText)) {
      // Follow `key = …` once, so `d[key] = m` and `d.get(key)` compare derivations.
      const assigned = k.ctx.fn.assigns.get(keyText);
      if (assigned && assigned.length === 1) {
        ks = assigned[0]!.rightStart;
        ke = assigned[0]!.rightEnd;
        keyLocal = keyText;
      }
    }
    const keyCalls = callsInRange(ks, ke);
    const derivation = deriveAt(x, k.keyStart, k.keyEnd, k.ctx.fn);
    for (const c of keyCalls) x.keyFunctionNames.add(c.slice(c.lastIndexOf('.') + 1));
    const nondeterministic = [
      ...new Set([...keyCalls.map(nondeterministicSource).filter((s): s is string => s !== undefined), ...(derivation ? sourcesOf(derivation.parts) : [])]),
    ];
    x.facts.keyedOps.push({
      receiver: scope.receiver,
      receiverScope: scope.scope,
      ...(scope.cls ? { className: scope.cls.fact.name } : {}),
      op: k.op,
      key: normaliseKey(x.text.slice(ks, ke)),
      ...(keyLocal ? { keyLocal } : {}),
      keyCalls,
      nondeterministic,
      ...(derivation ? { derivation } : {}),
      enclosing: k.ctx.fn ? k.ctx.fn.fact.qualifiedName : '',
      at: k.at,
    });
  }
}

/**
 * Key derivations for Python (the TypeScript frontend's `derive.ts`, on tree-sitter nodes): how a
 * registry key or a key function's return value is built, operand by operand, so that
 * registry-key-inconsistency compares `_managers[_get_user_key(ctx)] = m` with
 * `_managers.pop(ctx.user_id)` the same way for both languages.
 *
 * Python specifics: f-strings split into their pieces, `a or b` and `a if c else b` are
 * alternatives, `str(x)` is `x`, a tuple key `(a, b)` keeps its shape (it never equals `f"{a}:{b}"`).
 */
import type { Node } from 'web-tree-sitter';
import type { KeyDerivation, KeyPart } from '../../model/facts.js';
import { calleeOf, nondeterministicSource, type Src } from './classify.js';
import { parseSimple, simpleRaw, type Simple } from './scan.js';
import { capParts, choice, MAX_PARTS, normaliseKey, refPart as sharedRefPart, type RefScope } from '../shared/key-parts.js';


/** A value assigned to a local: its text (parsed when simple) and, lazily, its node. */
export interface AssignedValue {
  text: string;
  node(): Node | null;
}

export interface PyDeriveScope extends RefScope<AssignedValue> {
  src: Src;
}

const TRANSPARENT_CALLS = new Set(['str', 'repr']);

export function deriveKey(node: Node, scope: PyDeriveScope, depth = 0): KeyDerivation {
  const parts: KeyPart[] = [];
  collect(node, scope, depth, parts);
  return { text: normaliseKey(scope.src.of(unwrap(node))), parts: capParts(parts) };
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

/** The text of a string literal without prefix and quotes (plain strings only). */
function stringText(text: string): string | undefined {
  const m = /^[rRuUbB]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(text);
  return m ? m[2]! : undefined;
}

function collect(node: Node, scope: PyDeriveScope, depth: number, out: KeyPart[]): void {
  if (out.length > MAX_PARTS) return;
  const n = unwrap(node);
  const text = scope.src.of(n);
  switch (n.type) {
    case 'string': {
      if (n.namedChildren.some((c) => c?.type === 'interpolation')) {
        // f"{a}:{b}": literal pieces and interpolated expressions, in order.
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'string_content' && c.startIndex < c.endIndex) out.push({ kind: 'literal', text: scope.src.of(c) });
          else if (c.type === 'interpolation') {
            const e = c.childForFieldName('expression') ?? c.namedChild(0);
            if (e) collect(e, scope, depth, out);
          }
        }
        return;
      }
      const s = stringText(text);
      if (s === undefined) out.push({ kind: 'other', text });
      else if (s !== '') out.push({ kind: 'literal', text: s });
      return;
    }
    case 'concatenated_string':
      for (const c of n.namedChildren) if (c) collect(c, scope, depth, out);
      return;
    case 'integer':
    case 'float':
      out.push({ kind: 'literal', text });
      return;
    case 'true':
    case 'false':
    case 'none':
      out.push({ kind: 'literal', text });
      return;
    case 'tuple': {
      // A tuple key keeps its shape: `(a, b)` equals `(a, b)`, never `f"{a}{b}"`. Positional data
      // (`(v, w)` of an algorithm's locals) names nothing: such a key is not compared.
      if (n.namedChildren.some((c) => c?.type === 'identifier' && scope.isLocal(scope.src.of(c)))) {
        out.push({ kind: 'other', text });
        return;
      }
      out.push({ kind: 'literal', text: '(' });
      n.namedChildren.forEach((c, i) => {
        if (!c) return;
        if (i > 0) out.push({ kind: 'literal', text: ',' });
        collect(c, scope, depth, out);
      });
      out.push({ kind: 'literal', text: ')' });
      return;
    }
    case 'binary_operator': {
      const op = n.childForFieldName('operator');
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (op && left && right && scope.src.of(op) === '+' && left.type !== 'integer' && right.type !== 'integer') {
        collect(left, scope, depth, out);
        collect(right, scope, depth, out);
        return;
      }
      out.push({ kind: 'other', text });
      return;
    }
    case 'boolean_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const op = n.childForFieldName('operator');
      if (left && right && op && scope.src.of(op) === 'or') {
        out.push(choice([deriveKey(left, scope, depth), deriveKey(right, scope, depth)]));
        return;
      }
      out.push({ kind: 'other', text });
      return;
    }
    case 'conditional_expression': {
      const a = n.namedChild(0);
      const b = n.namedChild(2);
      if (a && b) {
        out.push(choice([deriveKey(a, scope, depth), deriveKey(b, scope, depth)]));
        return;
      }
      out.push({ kind: 'other', text });
      return;
    }
    case 'identifier':
      refPart(text, [], scope, depth, out);
      return;
    case 'attribute': {
      if (/^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(text)) {
        const [root, ...rest] = text.split('.');
        refPart(root!, rest, scope, depth, out);
        return;
      }
      out.push({ kind: 'other', text });
      return;
    }
    case 'call':
      callPart(n, scope, depth, out);
      return;
  }
  out.push({ kind: 'other', text });
}

function refPart(root: string, rest: string[], scope: PyDeriveScope, depth: number, out: KeyPart[]): void {
  sharedRefPart(root, rest, scope, depth, out, (value, d) => deriveValue(value, scope, d));
}

function callPart(call: Node, scope: PyDeriveScope, depth: number, out: KeyPart[]): void {
  const callee = calleeOf(call, scope.src);
  const text = scope.src.of(call);
  if (callee === undefined) {
    out.push({ kind: 'other', text });
    return;
  }
  const source = nondeterministicSource(callee);
  if (source !== undefined && !scope.isLocal(callee.split('.')[0]!)) {
    out.push({ kind: 'nondeterministic', source });
    return;
  }
  const argNodes = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'keyword_argument');
  const dot = callee.lastIndexOf('.');
  const method = callee.slice(dot + 1);
  const root = callee.split('.')[0]!;
  const onData = dot > 0 && (scope.isLocal(root) || scope.paramIndex(root) !== undefined);
  // `str(x)`: the same key as `x`.
  if (TRANSPARENT_CALLS.has(callee) && argNodes.length === 1) {
    collect(argNodes[0]!, scope, depth, out);
    return;
  }
  const args = argNodes.slice(0, 4).map((a) => deriveKey(a, scope, depth + 1));
  if (onData) {
    const fn = call.childForFieldName('function');
    const object = fn?.childForFieldName('object');
    out.push({ kind: 'call', callee: method, args, ...(object ? { receiver: deriveKey(object, scope, depth + 1) } : {}), text: normaliseKey(text) });
    return;
  }
  out.push({ kind: 'call', callee, args, text: normaliseKey(text) });
}

/** Cheap check on a return expression's own type before deriving it. */
export function looksDerivable(type: string): boolean {
  return (
    type === 'identifier' ||
    type === 'attribute' ||
    type === 'string' ||
    type === 'concatenated_string' ||
    type === 'call' ||
    type === 'boolean_operator' ||
    type === 'conditional_expression' ||
    type === 'binary_operator' ||
    type === 'tuple' ||
    type === 'integer' ||
    type === 'parenthesized_expression'
  );
}

/** A derivation from text when the expression is simple, else from the syntax tree. */
export function deriveValue(value: AssignedValue, scope: PyDeriveScope, depth = 0): KeyDerivation {
  const simple = parseSimple(value.text.trim());
  if (simple) return deriveSimple(simple, value.text, scope, depth);
  const node = value.node();
  return node ? deriveKey(node, scope, depth) : { text: normaliseKey(value.text), parts: [{ kind: 'other', text: value.text.trim() }] };
}

/** `deriveKey` on a parsed simple expression (no syntax-tree calls). */
export function deriveSimple(e: Simple, text: string, scope: PyDeriveScope, depth = 0): KeyDerivation {
  const parts: KeyPart[] = [];
  collectSimple(e, scope, depth, parts);
  return { text: normaliseKey(text.trim()), parts: capParts(parts) };
}

function simpleText(e: Simple): string {
  const raw = simpleRaw(e);
  if (raw !== undefined) return raw;
  switch (e.k) {
    case 'str':
      return JSON.stringify(e.value);
    case 'num':
    case 'const':
      return e.text;
    case 'name':
      return e.path;
    case 'call':
      return e.text;
    default:
      return '…';
  }
}

function collectSimple(e: Simple, scope: PyDeriveScope, depth: number, out: KeyPart[]): void {
  if (out.length > MAX_PARTS) return;
  switch (e.k) {
    case 'str':
      if (e.value !== '') out.push({ kind: 'literal', text: e.value });
      return;
    case 'fstr':
      for (const p of e.parts) {
        if (typeof p === 'string') out.push({ kind: 'literal', text: p });
        else collectSimple(p, scope, depth, out);
      }
      return;
    case 'num':
    case 'const':
      out.push({ kind: 'literal', text: e.text });
      return;
    case 'concat':
      for (const item of e.items) collectSimple(item, scope, depth, out);
      return;
    case 'or':
      out.push(choice(e.items.map((item) => deriveSimple(item, simpleText(item), scope, depth))));
      return;
    case 'tuple':
      if (e.items.some((item) => item.k === 'name' && !item.path.includes('.') && scope.isLocal(item.path))) {
        out.push({ kind: 'other', text: simpleText(e) });
        return;
      }
      out.push({ kind: 'literal', text: '(' });
      e.items.forEach((item, i) => {
        if (i > 0) out.push({ kind: 'literal', text: ',' });
        collectSimple(item, scope, depth, out);
      });
      out.push({ kind: 'literal', text: ')' });
      return;
    case 'name': {
      const [root, ...rest] = e.path.split('.');
      refPart(root!, rest, scope, depth, out);
      return;
    }
    case 'call': {
      const source = nondeterministicSource(e.callee);
      const root = e.callee.split('.')[0]!;
      if (source !== undefined && !scope.isLocal(root)) {
        out.push({ kind: 'nondeterministic', source });
        return;
      }
      if (TRANSPARENT_CALLS.has(e.callee) && e.args.length === 1) {
        collectSimple(e.args[0]!, scope, depth, out);
        return;
      }
      const args = e.args.slice(0, 4).map((a) => deriveSimple(a, simpleText(a), scope, depth + 1));
      const dot = e.callee.lastIndexOf('.');
      const onData = dot > 0 && (scope.isLocal(root) || scope.paramIndex(root) !== undefined);
      if (onData) {
        const object = e.callee.slice(0, dot);
        out.push({ kind: 'call', callee: e.callee.slice(dot + 1), args, receiver: deriveSimple({ k: 'name', path: object }, object, scope, depth + 1), text: normaliseKey(e.text) });
        return;
      }
      out.push({ kind: 'call', callee: e.callee, args, text: normaliseKey(e.text) });
      return;
    }
    default:
      out.push({ kind: 'other', text: simpleText(e) });
  }
}

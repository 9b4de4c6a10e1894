/**
 * Small scanners over Python source text for the hot paths of extraction. Reading a node's
 * children through web-tree-sitter costs a WebAssembly round trip each; a `def` header or an
 * assignment head is cheaper to read from the text the parser already accepted.
 */
import type { Init } from '../../model/facts.js';

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Index just past a string literal starting at `i` (a quote character), or `i + 1`. */
function skipString(text: string, i: number, end: number): number {
  const q = text[i]!;
  const triple = text[i + 1] === q && text[i + 2] === q;
  if (triple) {
    const close = text.indexOf(q + q + q, i + 3);
    return close < 0 || close + 3 > end ? end : close + 3;
  }
  for (let j = i + 1; j < end; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === q || c === '\n') return j + 1;
  }
  return end;
}

/**
 * Top-level pieces of `text[start, end)` separated by `sep` (bracket depth 0, outside strings and
 * comments), as absolute [start, end) ranges, trimmed.
 */
export function splitTopLevel(text: string, start: number, end: number, sep = ','): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = skipString(text, i, end) - 1;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === sep && depth === 0) {
      out.push(trim(text, from, i));
      from = i + 1;
    }
  }
  out.push(trim(text, from, end));
  return out.filter(([a, b]) => b > a);
}

/** First index of `ch` at bracket depth 0 in `text[start, end)`, outside strings and comments; -1 if none. */
export function findTopLevel(text: string, start: number, end: number, ch: string): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = skipString(text, i, end) - 1;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchBracket(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = skipString(text, i, end) - 1;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c) && --depth === 0) return i;
  }
  return -1;
}

export function trim(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return [a, b];
}

const FACTORY_CALL = /^([\w.]+)\s*\(/;
const MUTABLE_CALLS: Record<string, string> = {
  dict: 'dict', list: 'list', set: 'set', bytearray: 'bytearray', defaultdict: 'defaultdict', 'collections.defaultdict': 'defaultdict',
  OrderedDict: 'OrderedDict', 'collections.OrderedDict': 'OrderedDict', deque: 'deque', 'collections.deque': 'deque',
  Counter: 'Counter', 'collections.Counter': 'Counter',
};

/** A default value's mutability from its text: `[]`, `{}`, `set()`, `defaultdict(list)`. Undefined when not mutable. */
export function mutableLiteral(text: string): Init | undefined {
  const t = text.trim();
  if (t.startsWith('[')) return { kind: 'collection', type: 'list' };
  if (t.startsWith('{')) {
    if (t === '{}' || findTopLevel(t, 1, t.length - 1, ':') >= 0 || /^\{\s*\*\*/.test(t)) return { kind: 'collection', type: 'dict' };
    return { kind: 'collection', type: 'set' };
  }
  const m = FACTORY_CALL.exec(t);
  if (m && MUTABLE_CALLS[m[1]!]) return { kind: 'collection', type: MUTABLE_CALLS[m[1]!]! };
  return undefined;
}

/**
 * The single top-level `in` / `not in` operator of a comparison `text[start, end)`: where the
 * operator starts and where its right operand starts. Undefined when there is none or several.
 */
export function topLevelIn(text: string, start: number, end: number): { opStart: number; rightStart: number } | undefined {
  let depth = 0;
  let found: { opStart: number; rightStart: number } | undefined;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = skipString(text, i, end) - 1;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
      continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (depth === 0 && c === 'i' && text[i + 1] === 'n' && /\s/.test(text[i - 1] ?? '') && /[\s(\[{]/.test(text[i + 2] ?? '')) {
      if (found) return undefined;
      let opStart = i;
      const before = text.slice(Math.max(start, i - 8), i);
      const not = /\bnot\s+$/.exec(before);
      if (not) opStart = i - not[0].length;
      found = { opStart, rightStart: i + 2 };
    }
  }
  return found;
}

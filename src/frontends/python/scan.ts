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
  const q = text.charCodeAt(i);
  if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
    const quote = q === 34 ? '"""' : "'''";
    for (let from = i + 3; ; ) {
      const close = text.indexOf(quote, from);
      if (close < 0 || close + 3 > end) return end;
      // An escaped quote does not close: count the backslashes before it.
      let k = close - 1;
      while (k >= from && text.charCodeAt(k) === 92) k--;
      if ((close - 1 - k) % 2 === 0) return close + 3;
      from = close + 1;
    }
  }
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === q || c === 10) return j + 1;
  }
  return end;
}

/**
 * Top-level pieces of `text[start, end)` separated by `sep` (bracket depth 0, outside strings and
 * comments), as absolute [start, end) ranges, trimmed.
 */
export function splitTopLevel(text: string, start: number, end: number, sep = ','): [number, number][] {
  const out: [number, number][] = [];
  const sc = sep.charCodeAt(0);
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      i = skipString(text, i, end) - 1;
    } else if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === sc && depth === 0) {
      out.push(trim(text, from, i));
      from = i + 1;
    }
  }
  out.push(trim(text, from, end));
  return out.filter(([a, b]) => b > a);
}

/** First index of `ch` at bracket depth 0 in `text[start, end)`, outside strings and comments; -1 if none. */
export function findTopLevel(text: string, start: number, end: number, ch: string): number {
  const target = ch.charCodeAt(0);
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) i = skipString(text, i, end) - 1;
    else if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === target && depth === 0) return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchBracket(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) i = skipString(text, i, end) - 1;
    else if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && --depth === 0) return i;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 92;
}

/** The range without surrounding whitespace (and line-continuation backslashes). */
export function trim(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
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

/**
 * End of the simple statement (or expression) starting at `start`: the first newline, `;` or `#`
 * at bracket depth 0 outside strings, backslash continuations followed.
 */
export function statementEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) i = skipString(text, i, text.length) - 1;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 92 && text.charCodeAt(i + 1) === 10) i++;
    else if (c === 35 && depth > 0) {
      // A comment inside brackets: skip it (it may hold quotes or brackets).
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (depth === 0 && (c === 10 || c === 59 || c === 35 || c === 13)) {
      let e = i;
      while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
      return e;
    }
  }
  return text.length;
}

/** A simple expression, read from text: what most keys, returns and initialisers are. */
export type Simple =
  | { k: 'str'; value: string }
  | { k: 'fstr'; parts: (string | Simple)[] }
  | { k: 'num'; text: string }
  | { k: 'const'; text: string }
  | { k: 'name'; path: string }
  /** `at`: where the call starts, as an offset into the parsed text. */
  | { k: 'call'; callee: string; args: Simple[]; text: string; at: number }
  | { k: 'concat'; items: Simple[] }
  | { k: 'or'; items: Simple[] }
  | { k: 'tuple'; items: Simple[] }
  | { k: 'list' }
  | { k: 'dict' };

/**
 * The source text a parsed simple expression came from: the parser marks every node it returns
 * with where it read it (symbol keys: invisible to JSON and to `Object.keys`), and the text is cut
 * only when asked.
 */
const RAW_TEXT = Symbol('raw text');
const RAW_FROM = Symbol('raw from');
const RAW_TO = Symbol('raw to');
interface Marked {
  [RAW_TEXT]?: string;
  [RAW_FROM]?: number;
  [RAW_TO]?: number;
}
export function simpleRaw(e: Simple): string | undefined {
  const m = e as Marked;
  return m[RAW_TEXT] === undefined ? undefined : m[RAW_TEXT].slice(m[RAW_FROM], m[RAW_TO]).trim();
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Parse `text` as a simple expression: names and dotted paths, literals, f-strings whose pieces are
 * simple, calls of dotted names with simple arguments, `+`, `or`, tuples, empty `[]`/`{}`.
 * Undefined for anything else (the caller falls back to the syntax tree).
 */
export function parseSimple(text: string): Simple | undefined {
  const p = new SimpleParser(text);
  const e = p.or();
  p.ws();
  return e && p.i === text.length ? e : undefined;
}

class SimpleParser {
  i = 0;
  constructor(private readonly t: string) {}

  ws(): void {
    while (this.i < this.t.length && (this.t[this.i] === ' ' || this.t[this.i] === '\t' || this.t[this.i] === '\n' || this.t[this.i] === '\r')) this.i++;
  }

  private word(w: string): boolean {
    this.ws();
    if (this.t.startsWith(w, this.i) && !NAME_CHAR.test(this.t[this.i + w.length] ?? '')) {
      this.i += w.length;
      return true;
    }
    return false;
  }

  /** Remember where `e` (parsed from `from` to here) came from, unless an inner parse already did. */
  private mark(e: Simple | undefined, from: number): Simple | undefined {
    if (e && (e as Marked)[RAW_TEXT] === undefined) {
      const m = e as Marked;
      m[RAW_TEXT] = this.t;
      m[RAW_FROM] = from;
      m[RAW_TO] = this.i;
    }
    return e;
  }

  or(): Simple | undefined {
    this.ws();
    const from = this.i;
    return this.mark(this.orInner(), from);
  }

  private orInner(): Simple | undefined {
    const first = this.concat();
    if (!first) return undefined;
    const items = [first];
    while (this.word('or')) {
      const next = this.concat();
      if (!next) return undefined;
      items.push(next);
    }
    return items.length === 1 ? first : { k: 'or', items };
  }

  private concat(): Simple | undefined {
    this.ws();
    const from = this.i;
    return this.mark(this.concatInner(), from);
  }

  private concatInner(): Simple | undefined {
    this.ws();
    const firstFrom = this.i;
    const first = this.mark(this.atom(), firstFrom);
    if (!first) return undefined;
    const items = [first];
    for (;;) {
      this.ws();
      if (this.t[this.i] !== '+') break;
      this.i++;
      this.ws();
      const nextFrom = this.i;
      const next = this.mark(this.atom(), nextFrom);
      if (!next) return undefined;
      items.push(next);
    }
    return items.length === 1 ? first : { k: 'concat', items };
  }

  private atom(): Simple | undefined {
    this.ws();
    const t = this.t;
    const c = t[this.i];
    if (c === undefined) return undefined;
    if (c === '(') {
      this.i++;
      this.ws();
      if (t[this.i] === ')') {
        this.i++;
        return { k: 'tuple', items: [] };
      }
      const inner = this.or();
      this.ws();
      if (t[this.i] === ')') {
        this.i++;
        return inner;
      }
      if (t[this.i] !== ',' || !inner) return undefined;
      const items = [inner];
      while (t[this.i] === ',') {
        this.i++;
        this.ws();
        if (t[this.i] === ')') break;
        const next = this.or();
        if (!next) return undefined;
        items.push(next);
        this.ws();
      }
      if (t[this.i] !== ')') return undefined;
      this.i++;
      return { k: 'tuple', items };
    }
    if (c === '[' || c === '{') {
      this.i++;
      this.ws();
      if (t[this.i] !== (c === '[' ? ']' : '}')) return undefined;
      this.i++;
      return c === '[' ? { k: 'list' } : { k: 'dict' };
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(t[this.i + 1] ?? ''))) {
      const m = /^-?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?/.exec(t.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      return { k: 'num', text: m[0] };
    }
    // String literals, with optional prefixes.
    const pre = /^[rRbBuUfF]{0,2}(?=['"])/.exec(t.slice(this.i, this.i + 3));
    if (pre) {
      const prefix = pre[0].toLowerCase();
      const q = this.i + pre[0].length;
      const end = skipString(t, q, t.length);
      const quote = t.slice(q, t[q + 1] === t[q] && t[q + 2] === t[q] ? q + 3 : q + 1);
      const body = t.slice(q + quote.length, end - quote.length);
      this.i = end;
      if (!prefix.includes('f')) return body.includes('\\') ? undefined : { k: 'str', value: body };
      return this.fstring(body);
    }
    if (!NAME_START.test(c)) return undefined;
    const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/.exec(t.slice(this.i));
    if (!m) return undefined;
    const path = m[0].replace(/\s+/g, '');
    const start = this.i;
    this.i += m[0].length;
    if (path === 'None' || path === 'True' || path === 'False') return { k: 'const', text: path };
    if (/^(or|and|not|if|else|lambda|await|in|is|for|yield)$/.test(path)) return undefined;
    this.ws();
    if (t[this.i] !== '(') return { k: 'name', path };
    this.i++;
    const args: Simple[] = [];
    for (;;) {
      this.ws();
      if (t[this.i] === ')') break;
      // keyword arguments are skipped for the key (they do not name it), but must still be simple
      const kw = /^[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)/.exec(t.slice(this.i));
      if (kw) this.i += kw[0].length;
      const a = this.or();
      if (!a) return undefined;
      if (!kw) args.push(a);
      this.ws();
      if (t[this.i] === ',') {
        this.i++;
        continue;
      }
      if (t[this.i] !== ')') return undefined;
      break;
    }
    this.i++;
    return { k: 'call', callee: path, args, text: t.slice(start, this.i), at: start };
  }

  private fstring(body: string): Simple | undefined {
    const parts: (string | Simple)[] = [];
    let lit = '';
    for (let j = 0; j < body.length; j++) {
      const ch = body[j]!;
      if (ch === '{' && body[j + 1] === '{') {
        lit += '{';
        j++;
      } else if (ch === '}' && body[j + 1] === '}') {
        lit += '}';
        j++;
      } else if (ch === '{') {
        const close = body.indexOf('}', j);
        if (close < 0) return undefined;
        const inner = body.slice(j + 1, close);
        if (/[{}:!'"]/.test(inner.replace(/!=|==/g, ''))) return undefined; // format specs, conversions, nesting
        const e = parseSimple(inner);
        if (!e) return undefined;
        if (lit) parts.push(lit);
        lit = '';
        parts.push(e);
        j = close;
      } else if (ch === '\\') return undefined;
      else lit += ch;
    }
    if (lit) parts.push(lit);
    return { k: 'fstr', parts };
  }
}

export interface ImportName {
  name: string;
  alias?: string;
  /** Text range of `name [as alias]`. */
  start: number;
  end: number;
}

/**
 * `import a.b as c, d` (module undefined) or `from ..pkg import (x as y, z)` / `from m import *`,
 * read from the statement's text [start, end). Undefined when the text is not a plain import.
 */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** End of the dotted name starting at `i` (spaces around dots allowed), or `i` when there is none. */
function dottedEnd(text: string, i: number, end: number): number {
  if (!isNameStart(text.charCodeAt(i))) return i;
  let j = i;
  for (;;) {
    while (j < end && isNameChar(text.charCodeAt(j))) j++;
    let k = j;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (text.charCodeAt(k) !== 46) return j;
    k++;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (!isNameStart(text.charCodeAt(k))) return j;
    j = k;
  }
}

function compact(s: string): string {
  return s.includes(' ') || s.includes('\t') ? s.replace(/\s+/g, '') : s;
}

export function parseImportText(text: string, start: number, end: number): { module?: string; star: boolean; names: ImportName[] } | undefined {
  const skipWs = (k: number): number => {
    while (k < end && isSpace(text.charCodeAt(k))) k++;
    return k;
  };
  let i = start;
  let module: string | undefined;
  if (text.startsWith('from', i) && isSpace(text.charCodeAt(i + 4))) {
    i = skipWs(i + 4);
    let dots = 0;
    while (text.charCodeAt(i) === 46) {
      dots++;
      i++;
    }
    i = skipWs(i);
    const e = dottedEnd(text, i, end);
    const name = text.slice(i, e);
    if (e > i && name !== 'import') {
      module = '.'.repeat(dots) + compact(name);
      i = e;
    } else if (dots > 0) module = '.'.repeat(dots);
    else return undefined;
    i = skipWs(i);
    const after = text.charCodeAt(i + 6);
    if (!text.startsWith('import', i) || !(isSpace(after) || after === 40 || after === 42)) return undefined;
    i += 6;
  } else if (text.startsWith('import', i) && isSpace(text.charCodeAt(i + 6))) {
    i += 6;
  } else return undefined;
  i = skipWs(i);
  let bodyStart = i;
  let bodyEnd = end;
  if (text.charCodeAt(i) === 42 /* * */) {
    if (module === undefined || skipWs(i + 1) < end) return undefined;
    return { module, star: true, names: [] };
  }
  if (text.charCodeAt(i) === 40 /* ( */) {
    const close = matchBracket(text, i, end);
    if (close < 0) return undefined;
    bodyStart = i + 1;
    bodyEnd = close;
  }
  const names: ImportName[] = [];
  let j = bodyStart;
  for (;;) {
    while (j < bodyEnd && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 35 /* # */) {
      const nl = text.indexOf('\n', j);
      j = nl < 0 || nl > bodyEnd ? bodyEnd : nl;
      continue;
    }
    if (j >= bodyEnd) break;
    const e = dottedEnd(text, j, bodyEnd);
    if (e === j) return undefined;
    const name = compact(text.slice(j, e));
    if (module !== undefined && name.includes('.')) return undefined;
    const entry: ImportName = { name, start: j, end: e };
    let k = e;
    while (k < bodyEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (text.startsWith('as', k) && isSpace(text.charCodeAt(k + 2))) {
      let a = k + 2;
      while (a < bodyEnd && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
      let b = a;
      while (b < bodyEnd && isNameChar(text.charCodeAt(b))) b++;
      if (b === a) return undefined;
      entry.alias = text.slice(a, b);
      entry.end = b;
      k = b;
    }
    names.push(entry);
    j = k;
    while (j < bodyEnd && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 35) continue;
    if (j >= bodyEnd) break;
    if (text.charCodeAt(j) !== 44 /* , */) return undefined;
    j++;
  }
  if (names.length === 0) return undefined;
  const out: { module?: string; star: boolean; names: ImportName[] } = { star: false, names };
  if (module !== undefined) out.module = module;
  return out;
}

/** Index of the last `word` (a keyword such as `or`) at bracket depth 0 in `text[start, end)`; -1 if none. */
export function lastTopLevelWord(text: string, start: number, end: number, word: string): number {
  let depth = 0;
  let found = -1;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = skipString(text, i, end) - 1;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === word[0] && text.startsWith(word, i) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? ' ') && !/[A-Za-z0-9_]/.test(text[i + word.length] ?? ' ')) {
      found = i;
      i += word.length - 1;
    }
  }
  return found;
}

const UNICODE_DOTTED = /[\p{L}_][\p{L}\p{N}_]*(?:[ \t]*\.[ \t]*[\p{L}_][\p{L}\p{N}_]*)*/uy;

/**
 * The dotted name starting at `start` (`a`, `a.b`, `a . b`, compacted to `a.b`) and the index of
 * the first non-blank character after it; undefined when no name starts there. ASCII is scanned
 * by hand (hot path); a non-ASCII identifier falls back to a Unicode regular expression.
 */
export function dottedAt(text: string, start: number): { name: string; next: number } | undefined {
  let end = dottedEnd(text, start, text.length);
  if (end === start || text.charCodeAt(end) > 127 || text.charCodeAt(start) > 127) {
    if (end === start && !(text.charCodeAt(start) > 127)) return undefined;
    UNICODE_DOTTED.lastIndex = start;
    const m = UNICODE_DOTTED.exec(text);
    if (!m) return undefined;
    end = start + m[0].length;
  } else {
    // `a.é`: an ASCII start continued by a non-ASCII part after a dot.
    let k = end;
    while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
    if (text.charCodeAt(k) === 46 && text.charCodeAt(k + 1) > 127) {
      UNICODE_DOTTED.lastIndex = start;
      const m = UNICODE_DOTTED.exec(text);
      if (m) end = start + m[0].length;
    }
  }
  let next = end;
  while (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9) next++;
  return { name: compact(text.slice(start, end)), next };
}

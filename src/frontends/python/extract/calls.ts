/**
 * Calls and constructions: each call (awaited, in an `except` or fallback branch), the fallback branches themselves (`x or Fallback()`, `if x is None:`), and at the end which calls are constructions and where their instances go.
 */
import type { KeyedOp, NewFact } from '../../../model/facts.js';
import { looksLikeClass } from '../classify.js';
import { dottedAt, findTopLevel, lastTopLevelWord, matchBracket, splitTopLevel, trim } from '../scan.js';
import { K } from '../sites.js';
import type { PyExtraction, Site } from './context.js';
import { onInCondition } from './keys.js';

const MUTATORS = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'clear', 'update', 'setdefault', 'add', 'discard', 'popitem',
  'appendleft', 'extendleft', 'popleft', 'sort', 'reverse', '__setitem__', '__delitem__',
]);

const MAIN_CHECK = /^__name__\s*==\s*(['"])__main__\1$/;

const MISSING_CHECK = /^not\s|^not\(|\bis\s+None$|==\s*None$|\bnot\s+in\b/;

// A Map, not an object literal: `x.toString(k)` must not find Object.prototype.toString.
const KEYED_METHODS = new Map<string, KeyedOp>([['get', 'get'], ['pop', 'delete'], ['setdefault', 'set']]);

/** A check that a value is awaitable before awaiting it. */
const AWAIT_GUARD = /\b(iscoroutinefunction|iscoroutine|isawaitable|isasyncgenfunction)\s*\(/;

function indentWidth(line: string): number {
  let n = 0;
  while (n < line.length && (line.charCodeAt(n) === 32 || line.charCodeAt(n) === 9)) n++;
  return n;
}

/**
 * An `await` the code expects to fail or has checked first: inside `with pytest.raises(TypeError)`
 * / `self.assertRaises(TypeError)`, a `try:` with an `except … TypeError`, or under
 * `if inspect.iscoroutinefunction(f)` / `asyncio.iscoroutine(r)` / `inspect.isawaitable(r)`
 * (also as a conditional expression on the same line). Read from the enclosing block headers, by
 * indentation, up to the enclosing `def`; only awaited calls get here.
 */
function awaitExpectedToFail(x: PyExtraction, start: number): boolean {
  const li = x.lineOf(start);
  const cur = x.lineText(li);
  if (AWAIT_GUARD.test(cur)) return true;
  let indent = indentWidth(cur);
  for (let i = li - 1; i >= 0 && indent > 0; i--) {
    const t = x.lineText(i);
    const head = t.trim();
    if (head === '' || head.startsWith('#')) continue;
    const ind = indentWidth(t);
    if (ind >= indent) continue;
    indent = ind;
    if (/^(async\s+)?def\b|^class\b/.test(head)) break;
    if (/^(async\s+)?with\b/.test(head) && /\b(raises|assertRaises|assertRaisesRegex)\s*\(\s*\(?[\w.,\s]*\bTypeError\b/.test(head)) return true;
    if (/^(if|elif)\b/.test(head) && AWAIT_GUARD.test(head) && !/^(if|elif)\s+not\b/.test(head)) return true;
    if (/^try\s*:/.test(head) && tryCatchesTypeError(x, i, ind)) return true;
  }
  return false;
}

/** The `try:` on line `at` (indented `ind`) has an `except` clause naming TypeError. */
function tryCatchesTypeError(x: PyExtraction, at: number, ind: number): boolean {
  for (let j = at + 1; j < x.lines.length; j++) {
    const t = x.lineText(j);
    const head = t.trim();
    if (head === '' || head.startsWith('#')) continue;
    const w = indentWidth(t);
    if (w > ind) continue;
    if (w < ind || !/^(except|else|finally)\b/.test(head)) return false;
    if (/^except\b/.test(head) && /\bTypeError\b/.test(head)) return true;
  }
  return false;
}

function keywordBefore(x: PyExtraction, pos: number, word: string, parens: boolean): boolean {
  let i = pos - 1;
  const t = x.text;
  for (;;) {
    const c = t.charCodeAt(i);
    // Blanks on the same line (and opening parentheses, for `await (f())`).
    if (c === 32 || c === 9 || (parens && (c === 40))) i--;
    else break;
  }
  if (i === pos - 1) return false;
  const from = i - word.length + 1;
  if (from < 0 || !t.startsWith(word, from)) return false;
  const b = t.charCodeAt(from - 1);
  return !((b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b === 95 || b === 46);
}

/** Where `word` starts before `pos` (blanks and `(` between): keywordBefore(x, pos, word, true) said it is there. */
function keywordStartBefore(x: PyExtraction, pos: number, word: string): number {
  let i = pos - 1;
  while (x.text.charCodeAt(i) === 32 || x.text.charCodeAt(i) === 9 || x.text.charCodeAt(i) === 40) i--;
  return i - word.length + 1;
}

/** `x or Fallback()`: the right operand runs when the left is missing. */
export function onBoolean(x: PyExtraction, site: Site): void {
  const end = x.endOf(site);
  // The node's own operator is its last top-level one (`a or b or c` is `(a or b) or c`).
  const op = lastTopLevelWord(x.text, site.start, end, 'or');
  if (op < 0) return;
  const [rs] = trim(x.text, op + 2, end);
  const flow = x.flowAt.get(site.start);
  if (flow && !x.flowAt.has(rs)) x.flowAt.set(rs, flow);
  x.pushScope(K.Fallback, rs, end, rs);
}

/** `if not x:`, `if x is None:`, `if key not in registry:`: the branch that fills a gap. */
export function onIf(x: PyExtraction, site: Site): void {
  const start = site.start;
  const head = x.text.startsWith('elif', start) ? 4 : 2;
  let colon = findTopLevel(x.text, start + head, x.text.length, ':');
  // `if (x := f()):` is parenthesised; a bare walrus `if x := f():` is not valid Python, but skip it anyway.
  while (colon >= 0 && x.text[colon + 1] === '=') colon = findTopLevel(x.text, colon + 2, x.text.length, ':');
  if (colon < 0) return;
  const cond = x.text.slice(start + head, colon).trim();
  if (cond.includes(' in ')) onInCondition(x, start + head, colon);
  if (head === 2 && MAIN_CHECK.test(cond)) {
    // A script's entry point: what it builds is not state shared by a server's users.
    const body = x.nodeOf(site).childForFieldName('consequence');
    if (body) x.pushScope(K.Main, body.startIndex, body.endIndex, body.startIndex);
    return;
  }
  if (!MISSING_CHECK.test(cond)) return;
  const body = x.nodeOf(site).childForFieldName('consequence');
  if (body && fillsAGap(x, cond, start, body.startIndex, body.endIndex)) x.pushScope(K.Fallback, body.startIndex, body.endIndex, body.startIndex);
}

/**
 * A missing check guards a fallback only when what is missing is the product: the value the
 * branch builds (`if m is None: m = Manager()`), or a call's result (`m = get_manager(); if not
 * m:`), or a registry miss (`if key not in managers:`). An attribute of the object itself (`if
 * self._client is None: self._client = Client()`, lazy initialisation in the owner), a setting
 * (`if not self.password:`, `if not settings.url:`) or a parameter the branch does not replace
 * (`if user_id is None:`) is not.
 */
function fillsAGap(x: PyExtraction, cond: string, at: number, bodyStart: number, bodyEnd: number): boolean {
  if (/\bnot\s+in\b/.test(cond)) return true;
  const subject = cond.replace(/^not\s*\(?\s*/, '').replace(/\s*\)?\s*$/, '').replace(/\s+(is|==)\s+None$/, '').trim();
  if (!/^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(subject)) return true;
  const fn = x.context(at).fn;
  if (subject.includes('.')) {
    // `self.x` / `cls.x`: the object's own slot; `settings.url`: a value read, not a product built.
    return false;
  }
  const body = x.text.slice(bodyStart, bodyEnd);
  if (new RegExp(`(^|\\n)[ \\t]*${subject}[ \\t]*(:[^=\\n]*)?=(?!=)`).test(body)) return true;
  const assigns = fn?.assigns.get(subject);
  if (!assigns || assigns.length === 0) return !fn; // module level: keep the old reading
  return assigns.some((a) => a.rightStart < at && /^(await\s+)?[\p{L}_][\p{L}\p{N}_.]*\s*\(/u.test(x.text.slice(a.rightStart, a.rightEnd)));
}

export function onCall(x: PyExtraction, site: Site, outer: boolean): void {
  const start = site.start;
  if (outer) {
    x.outerCallStart = start;
    return;
  }
  // The callee is the dotted name the call starts with, when a `(` follows it.
  const m = dottedAt(x.text, start);
  if (!m || x.text.charCodeAt(m.next) !== 40 /* ( */) return;
  const callee = m.name;
  const open = m.next;
  // Spans cover the callee: where a reader looks, and no WebAssembly call to find the call's end.
  let end = open;
  while (end > start && (x.text.charCodeAt(end - 1) === 32 || x.text.charCodeAt(end - 1) === 9)) end--;
  // `await f()`, `await (f())`; in `await f().g()` the awaited call is the outer one.
  const awaited = x.outerCallStart !== start && keywordBefore(x, start, 'await', true);
  const ctx = x.context(start);
  if (looksLikeClass(callee) || x.classNames.has(callee)) {
    // A construction: count its arguments and find its end, from the text.
    const close = matchBracket(x.text, open, x.text.length);
    const argCount = close > open ? splitTopLevel(x.text, open + 1, close).length : 0;
    const direct = x.outerCallStart !== start;
    const entry = direct ? x.storedAt.get(start) : undefined;
    // Stored only when the whole value is this call (`X()`, not `X()[0]` or `X().attr`).
    const stored = entry && entry.end === close + 1 ? entry.slot : undefined;
    const flow = direct ? x.flowAt.get(start) : undefined;
    const thrown = keywordBefore(x, start, 'raise', false);
    x.callExtra.set(x.calls.length, { argCount, thrown, ...(stored ? { storedIn: stored } : {}), ...(flow ? { flow } : {}) });
  }
  const expectedToFail = awaited && awaitExpectedToFail(x, start);
  x.calls.push({ callee, awaited, ...(expectedToFail ? { awaitGuarded: true as const } : {}), enclosing: ctx.fn ? ctx.fn.fact.qualifiedName : '', inCatch: ctx.inCatch, inFallback: ctx.inFallback, at: x.span(start, end) });
  // The `await` keyword and the blanks after it (up to `(` in `await (f())`), to delete them (autofix).
  if (awaited) {
    const keyword = keywordStartBefore(x, start, 'await');
    x.calls[x.calls.length - 1]!.awaitAt = x.span(keyword, x.skipSpaces(keyword + 5));
  }
  x.callStarts.push(start);
  x.callCtx.push(ctx);
  const dot = callee.lastIndexOf('.');
  if (dot > 0) {
    const method = callee.slice(dot + 1);
    const recv = callee.slice(0, dot);
    if (MUTATORS.has(method)) x.mutations.push({ recv, ctx });
    const op = KEYED_METHODS.get(method);
    if (op) {
      const close = matchBracket(x.text, open, x.text.length);
      const first = close > 0 ? splitTopLevel(x.text, open + 1, close)[0] : undefined;
      if (first && !/^\*|^[\p{L}_][\p{L}\p{N}_]*\s*=(?!=)/u.test(x.text.slice(first[0], first[1]))) {
        x.keyed.push({ recv, op, keyStart: first[0], keyEnd: first[1], ctx, at: x.span(start, end) });
        if (op === 'set' && close > 0) {
          const value = splitTopLevel(x.text, open + 1, close)[1];
          if (value) x.keepValue(value[0], value[1], ctx, true);
        }
      }
    }
  }
  if ((callee === 'importlib.import_module' || callee === 'import_module' || callee === '__import__') && !ctx.fn && !ctx.cls) {
    const arg = x.nodeOf(site).childForFieldName('arguments')?.namedChild(0);
    const lit = arg?.type === 'string' ? /^(['"])([\w.]+)\1$/.exec(x.src.of(arg)) : null;
    if (lit) x.facts.imports.push({ specifier: lit[2]!, kind: 'dynamic', typeOnly: false, names: [], at: x.span(start, end) });
  }
}

/** At the end: each call is a fact; a CapWords callee or a class of this file makes it a construction too. */
export function finishCalls(x: PyExtraction, classNames: ReadonlySet<string>): void {
  // Calls and constructions.
  for (let i = 0; i < x.calls.length; i++) {
    const c = x.calls[i]!;
    const ctx = x.callCtx[i]!;
    const dot = c.callee.indexOf('.');
    const root = dot < 0 ? c.callee : c.callee.slice(0, dot);
    const method = x.methodOf(ctx.fn);
    const viaSelf = method !== undefined && (root === method.selfName || root === method.clsParam);
    // A parameter or local of an enclosing function: the linker must not read it as a module name.
    const local = !viaSelf && ctx.fn !== undefined && x.isLocal(root, ctx.fn);
    if (local) c.local = true;
    x.facts.calls.push(c);
    const extra = x.callExtra.get(i);
    if (viaSelf || !extra) continue;
    if (!looksLikeClass(c.callee) && !(classNames.has(c.callee) && !local)) continue;
    const flow = extra.flow;
    const fact: NewFact = {
      callee: c.callee,
      ...(local ? { local } : {}),
      enclosing: c.enclosing,
      inCatch: c.inCatch,
      inFallback: c.inFallback,
      ...(extra.storedIn ? { storedIn: extra.storedIn } : {}),
      argCount: extra.argCount,
      kept: flow === 'kept' || flow === 'cached' || extra.storedIn !== undefined,
      cached: flow === 'cached' || extra.storedIn !== undefined,
      thrown: extra.thrown,
      ...(ctx.inMain ? { script: true } : {}),
      at: c.at,
    };
    x.facts.news.push(fact);
    if (flow && typeof flow === 'object' && ctx.fn) x.newsInLocals.push({ fact, local: flow.local, fn: ctx.fn });
    if (ctx.fn && !ctx.fn.fact.constructs.includes(c.callee)) ctx.fn.fact.constructs.push(c.callee);
  }
}

/** At the end: a construction assigned to a local is kept (or cached) when that local is returned or stored. */
export function keepLocalNews(x: PyExtraction): void {
  // `m = X(); …; return m` / `self._managers[k] = m`: the construction is kept (or cached).
  for (const { fact, local, fn } of x.newsInLocals) {
    if (fn.keptLocals.has(local) || fn.returnIdents.includes(local)) fact.kept = true;
    if (fn.cachedLocals.has(local)) fact.cached = fact.kept = true;
  }
}

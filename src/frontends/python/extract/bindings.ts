/**
 * Assignments and bindings: module and class attributes (`x = …`, `x: T = …`, `__all__`,
 * `type(...)` classes), locals and `self.x = …` in functions, augmented assignments and the
 * in-place mutations they are.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassFact, MemberFact } from '../../../model/facts.js';
import { classifyInit, dottedText } from '../classify.js';
import { dottedAt, findTopLevel, mutableLiteral, statementEnd } from '../scan.js';
import { IDENT, type ClsB, type Ctx, type FnB, type PyExtraction, type Site, type TextBinding } from './context.js';
import { onSubscriptAssign, onSubscriptTarget } from './keys.js';

/** An augmented assignment operator right after a target: `+=`, `//=`, `**=`, `>>=`, … */
const AUGMENTED = /^(\+|-|\*\*?|\/\/?|%|@|&|\||\^|>>|<<)=/;

/** `type("Name", (Base, …), {…})`: the class-making call, with its bases and namespace. */
const TYPE_CALL = /^type\(\s*(['"])[A-Za-z_]\w*\1\s*,\s*\(([^()]*)\)\s*,\s*(\{[\s\S]*\}|dict\([\s\S]*\))\s*\)$/;

export function onAssign(x: PyExtraction, site: Site): void {
  const start = site.start;
  const ctx = x.context(start);
  if (ctx.fn && onAssignInFunction(x, site, start, ctx, ctx.fn)) return;
  if (!ctx.fn && onAssignAtTop(x, start, ctx)) return;
  if (onSubscriptAssign(x, start, ctx)) return;
  const node = x.nodeOf(site);
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const type = node.childForFieldName('type');
  if (!left) return;
  const lt = left.type;
  if (lt === 'identifier') {
    const name = x.src.of(left);
    if (ctx.fn) {
      if (ctx.fn.globals.has(name)) {
        x.moduleNames.add(name);
        if (right) x.storedAt.set(right.startIndex, { slot: { kind: 'module', name }, end: right.endIndex });
      } else {
        ctx.fn.locals.add(name);
        if (right) {
          const list = ctx.fn.assigns.get(name) ?? [];
          list.push({ site, rightStart: right.startIndex, rightEnd: right.endIndex });
          ctx.fn.assigns.set(name, list);
        }
      }
      return;
    }
    const b: TextBinding = {
      name,
      nameStart: left.startIndex,
      typeText: type ? x.src.of(type) : undefined,
      rightStart: right ? right.startIndex : -1,
      rightEnd: right ? right.endIndex : -1,
      stmtStart: start,
      stmtEnd: node.endIndex,
      right: () => right,
    };
    if (ctx.cls) onClassAttribute(x, ctx.cls, b);
    else onModuleBinding(x, b, ctx);
    return;
  }
  if (lt === 'attribute') {
    const target = dottedText(x.src.of(left));
    if (!target || !ctx.fn) return;
    const parts = target.split('.');
    if (parts.length !== 2) return;
    const method = x.methodOf(ctx.fn);
    if (method?.selfName === parts[0] && method.cls) {
      const cls = method.cls;
      cls.rebound.add(parts[1]!);
      if (!cls.fact.members.some((m) => m.name === parts[1])) {
        cls.fact.members.push({ name: parts[1]!, kind: 'field', isStatic: false, isAbstract: false, init: classifyInit(right, x.src), at: x.spanOf(node) });
      }
      if (right?.type === 'identifier') x.selfStores.push({ cls, field: parts[1]!, value: x.src.of(right), ctx, at: x.spanOf(node) });
      return;
    }
    const staticCls = method?.clsParam === parts[0] ? method.cls : x.topClasses.get(parts[0]!);
    staticCls?.reachedViaClass.add(parts[1]!);
    if (staticCls && right) {
      x.storedAt.set(right.startIndex, { slot: { kind: 'static', className: staticCls.fact.name, name: parts[1]! }, end: right.endIndex });
    }
    return;
  }
  if (lt === 'subscript') {
    const recv = onSubscriptTarget(x, left, 'set', ctx, node);
    // Into a registry of this module or class, or of another object (`api.stages[k] = …`): cached.
    if (right) x.keepValue(right.startIndex, right.endIndex, ctx, recv !== undefined && (recv.includes('.') || x.receiverScope(recv, ctx) !== undefined));
    return;
  }
  if (lt === 'pattern_list' || lt === 'tuple_pattern' || lt === 'list_pattern') {
    for (const el of left.namedChildren) {
      if (!el || el.type !== 'identifier') continue;
      const name = x.src.of(el);
      if (ctx.fn) {
        if (!ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
      } else if (!ctx.cls) {
        x.moduleNames.add(name);
        x.assignedModuleNames.add(name);
        if (!x.declared.has(name)) {
          x.declareModule(name, 'variable', start, node.endIndex);
          x.facts.bindings.push({ name, declKind: 'assign', exported: !name.startsWith('_'), init: { kind: 'other' }, at: x.spanOf(node), nameAt: x.spanOf(el) });
        }
      }
    }
  }
}

/**
 * `name = …`, `name: T = …`, `self.x = …`, `cls.x = …` inside a function, read from the text
 * (the common case, kept free of WebAssembly calls). False when the slow path must decide.
 */
function onAssignInFunction(x: PyExtraction, site: Site, start: number, ctx: Ctx, fn: FnB): boolean {
  const m = assignHead(x, start);
  if (!m) return false;
  const target = m.name;
  const annotated = m.op === ':';
  const dot = target.indexOf('.');
  if (dot < 0) {
    if (fn.globals.has(target)) {
      if (annotated) return false;
      x.moduleNames.add(target);
      const rs = x.skipSpaces(m.after);
      const re = statementEnd(x.text, rs);
      x.storedAt.set(rs, { slot: { kind: 'module', name: target }, end: re });
      x.keepValue(rs, re, ctx, true);
      return true;
    }
    fn.locals.add(target);
    const eq = annotated ? findTopLevel(x.text, m.after, statementEnd(x.text, m.after), '=') : m.after - 1;
    if (eq >= 0) {
      const rs = x.skipSpaces(eq + 1);
      const list = fn.assigns.get(target) ?? [];
      list.push({ site, rightStart: rs, rightEnd: statementEnd(x.text, rs) });
      fn.assigns.set(target, list);
      if (!x.flowAt.has(rs)) x.flowAt.set(rs, { local: target });
    }
    return true;
  }
  if (target.indexOf('.', dot + 1) >= 0) return true;
  const obj = target.slice(0, dot);
  const field = target.slice(dot + 1);
  const method = x.methodOf(fn);
  const stmtEnd = statementEnd(x.text, start);
  let rightStart = x.skipSpaces(m.after);
  if (annotated) {
    // `self.items: Dict[str, X] = {}`
    const eq = findTopLevel(x.text, m.after, stmtEnd, '=');
    if (eq < 0) return true;
    rightStart = x.skipSpaces(eq + 1);
  }
  const rightEnd = stmtEnd;
  if (method?.cls && obj === method.selfName) {
    const cls = method.cls;
    cls.rebound.add(field);
    const rightText = x.text.slice(rightStart, rightEnd).trim();
    const isName = IDENT.test(rightText);
    if (!cls.fact.members.some((x) => x.name === field)) {
      const init = mutableLiteral(rightText) ?? (isName ? { kind: 'alias' as const, ref: rightText } : { kind: 'other' as const });
      cls.fact.members.push({ name: field, kind: 'field', isStatic: false, isAbstract: false, init, at: x.span(start, rightEnd) });
    }
    if (isName) x.selfStores.push({ cls, field, value: rightText, ctx, at: x.span(start, rightEnd) });
    x.keepValue(rightStart, rightEnd, ctx, false);
    return true;
  }
  const staticCls = method?.clsParam === obj ? method.cls : x.topClasses.get(obj);
  staticCls?.reachedViaClass.add(field);
  if (staticCls) x.storedAt.set(rightStart, { slot: { kind: 'static', className: staticCls.fact.name, name: field }, end: rightEnd });
  x.keepValue(rightStart, rightEnd, ctx, staticCls !== undefined);
  return true;
}

/** `target =` / `target:` at `start`: the dotted target, the operator, and the index after it. */
function assignHead(x: PyExtraction, start: number): { name: string; op: '=' | ':'; after: number } | undefined {
  const d = dottedAt(x.text, start);
  if (!d) return undefined;
  const c = x.text.charCodeAt(d.next);
  const c2 = x.text.charCodeAt(d.next + 1);
  if (c === 61 /* = */ && c2 !== 61) return { name: d.name, op: '=', after: d.next + 1 };
  if (c === 58 /* : */ && c2 !== 61) return { name: d.name, op: ':', after: d.next + 1 };
  return undefined;
}

export function onAugAssign(x: PyExtraction, site: Site): void {
  const ctx = x.context(site.start);
  // `x += …`, `self.n += …`: the target read from the text; other targets from the node.
  const head = dottedAt(x.text, site.start);
  if (head && AUGMENTED.test(x.text.slice(head.next, head.next + 4))) {
    const name = head.name;
    if (!name.includes('.')) {
      if (name === '__all__' && !ctx.fn && !ctx.cls) x.starNames = null;
      if (ctx.fn && !ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
    } else if (ctx.fn) {
      const parts = name.split('.');
      const method = x.methodOf(ctx.fn);
      if (parts.length === 2 && method?.selfName === parts[0] && method.cls) method.cls.rebound.add(parts[1]!);
    }
    return;
  }
  const node = x.nodeOf(site);
  const left = node.childForFieldName('left');
  if (!left) return;
  if (left.type === 'identifier') {
    const name = x.src.of(left);
    if (name === '__all__' && !ctx.fn && !ctx.cls) x.starNames = null;
    if (ctx.fn && !ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
  } else if (left.type === 'attribute' && ctx.fn) {
    const parts = (dottedText(x.src.of(left)) ?? '').split('.');
    const method = x.methodOf(ctx.fn);
    if (parts.length === 2 && method?.selfName === parts[0] && method.cls) method.cls.rebound.add(parts[1]!);
  } else if (left.type === 'subscript') {
    onSubscriptTarget(x, left, 'set', ctx, node);
  }
}

/**
 * `name = …` / `name: T = …` in a class body or at module level, read from the text. False for
 * other targets (tuples, subscripts, `__all__`): the syntax tree decides those.
 */
function onAssignAtTop(x: PyExtraction, start: number, ctx: Ctx): boolean {
  const m = assignHead(x, start);
  if (!m || m.name.includes('.') || m.name === '__all__') return false;
  const stmtEnd = statementEnd(x.text, start);
  let typeText: string | undefined;
  let rightStart = -1;
  if (m.op === ':') {
    const eq = findTopLevel(x.text, m.after, stmtEnd, '=');
    typeText = x.text.slice(m.after, eq < 0 ? stmtEnd : eq).trim();
    if (eq >= 0) rightStart = x.skipSpaces(eq + 1);
  } else rightStart = x.skipSpaces(m.after);
  const b: TextBinding = {
    name: m.name,
    nameStart: start,
    typeText,
    rightStart,
    rightEnd: rightStart >= 0 ? stmtEnd : -1,
    stmtStart: start,
    stmtEnd,
    right: () => (rightStart >= 0 ? x.root.descendantForIndex(rightStart, stmtEnd) : null),
  };
  if (ctx.cls) onClassAttribute(x, ctx.cls, b);
  else onModuleBinding(x, b, ctx);
  return true;
}

function onModuleBinding(x: PyExtraction, b: TextBinding, ctx: Ctx): void {
  const name = b.name;
  // `except ImportError: X = None` beside `from m import X`, or `if X is None: X = _PyX` after it:
  // the import is what X means, the assignment a fallback for when it is missing.
  if ((ctx.inCatch || ctx.inFallback) && x.importLocals.has(name)) return;
  const typeText = b.typeText;
  if (name === '__all__') {
    const right = b.right();
    x.starNames = right ? literalStrings(x, right) : null;
    return;
  }
  x.moduleNames.add(name);
  x.assignedModuleNames.add(name);
  if (x.declared.has(name)) return;
  if (b.rightStart >= 0 && onTypeCall(x, b)) return;
  const isTypeAlias = typeText !== undefined && /(^|\.)TypeAlias$/.test(typeText);
  x.declareModule(name, isTypeAlias ? 'type' : 'variable', b.stmtStart, b.stmtEnd);
  if (isTypeAlias) return;
  const init = x.initOf(b);
  x.facts.bindings.push({ name, declKind: 'assign', exported: !name.startsWith('_'), init, at: x.span(b.stmtStart, b.stmtEnd), nameAt: x.span(b.nameStart, b.nameStart + name.length) });
  if (b.rightStart >= 0 && !ctx.inMain) x.storedAt.set(b.rightStart, { slot: { kind: 'module', name }, end: b.rightEnd });
}

/**
 * `X = type("X", (Base, Other), {"attr": 1, "method": fn})` at module level: a class declaration
 * by another spelling, bound to X (the public name), extending Base.
 */
function onTypeCall(x: PyExtraction, b: TextBinding): boolean {
  const right = x.text.slice(b.rightStart, b.rightEnd);
  const m = TYPE_CALL.exec(right);
  if (!m) return false;
  const bases = m[2]!.split(',').map((x) => x.trim()).filter(Boolean);
  if (bases.some((x) => dottedText(x) === undefined)) return false;
  const at = x.span(b.stmtStart, b.stmtEnd);
  const members: MemberFact[] = [];
  for (const km of m[3]!.matchAll(/(['"])([A-Za-z_]\w*)\1\s*:\s*(lambda\b)?/g)) {
    members.push({ name: km[2]!, kind: km[3] ? 'method' : 'field', isStatic: !km[3], isAbstract: false, ...(km[3] ? {} : { init: { kind: 'other' } as const }), at });
  }
  const fact: ClassFact = {
    name: b.name,
    kind: 'class',
    exported: !b.name.startsWith('_'),
    at,
    nameAt: x.span(b.nameStart, b.nameStart + b.name.length),
    ...(bases[0] ? { extends: bases[0] } : {}),
    implements: [],
    members,
    ctorParams: [],
    fieldRefs: [],
    decorators: [],
    mutatedFields: [],
  };
  x.facts.classes.push(fact);
  x.classNames.add(b.name);
  x.declareModule(b.name, 'class', b.stmtStart, b.stmtEnd);
  return true;
}

function onClassAttribute(x: PyExtraction, cls: ClsB, b: TextBinding): void {
  const name = b.name;
  const typeText = b.typeText;
  const classVar = typeText !== undefined && /^(typing\.)?ClassVar\b/.test(typeText);
  const at = x.span(b.stmtStart, b.stmtEnd);
  const hasValue = b.rightStart >= 0;
  if (cls.isEnum && !name.startsWith('_')) {
    cls.fact.members.push({ name, kind: 'field', isStatic: true, isAbstract: false, readonly: true, init: { kind: 'primitive' }, at });
    return;
  }
  // Annotated attributes of dataclass-like classes are per-instance fields with a default.
  const instanceField = typeText !== undefined && !classVar && (cls.dataclassLike || !hasValue);
  if (instanceField) {
    cls.annotatedFields.push({ name, ...(typeText !== undefined ? { type: typeText } : {}) });
    if (!cls.fact.members.some((m) => m.name === name)) {
      cls.fact.members.push({ name, kind: 'field', isStatic: false, isAbstract: false, init: x.initOf(b), at });
    }
    return;
  }
  const init = x.initOf(b);
  const member: MemberFact = {
    name,
    kind: 'field',
    isStatic: true,
    isAbstract: false,
    init,
    ...(typeText !== undefined && /\bFinal\b/.test(typeText) ? { readonly: true } : {}),
    ...(classVar || name.startsWith('__') ? {} : { implicitStatic: true }),
    at,
  };
  const existing = cls.fact.members.findIndex((m) => m.name === name);
  if (existing >= 0) cls.fact.members[existing] = member;
  else cls.fact.members.push(member);
  if (hasValue) x.storedAt.set(b.rightStart, { slot: { kind: 'static', className: cls.fact.name, name }, end: b.rightEnd });
}

function literalStrings(x: PyExtraction, node: Node): string[] | null {
  if (node.type !== 'list' && node.type !== 'tuple') return null;
  const out: string[] = [];
  for (const el of node.namedChildren) {
    if (!el) continue;
    if (el.type !== 'string') return null;
    const m = /^[rRuUbB]*(['"]{1,3})(.*)\1$/s.exec(x.src.of(el));
    if (!m) return null;
    out.push(m[2]!);
  }
  return out;
}


/**
 * Declarations and members: functions (`def`, with parameters, shared defaults, return shapes),
 * classes (bases, decorators, members, enums, dataclasses), returns, redefinitions, and what is
 * settled at the end (mutated fields, field references, abstract classes).
 */
import type { Node } from 'web-tree-sitter';
import type { ClassFact, FunctionFact, ReturnShape, SharedDefault, Span } from '../../../model/facts.js';
import { dedupeShapes, resolveReturnedNames } from '../../shared/return-shapes.js';
import { calleeOf, classifyAnnotation, classifyReturn, classifyReturnSimple, dottedText } from '../classify.js';
import { dottedAt, findTopLevel, matchBracket, mutableLiteral, parseSimple, splitTopLevel, statementEnd, trim } from '../scan.js';
import { K } from '../sites.js';
import { rightOf, type ClsB, type FnB, type PyExtraction, type Site } from './context.js';


/** Decorators that leave a function's call result as written. Anything else may wrap it (`@sync_to_async`). */
const TRANSPARENT_DECORATORS = new Set([
  'staticmethod', 'classmethod', 'property', 'cached_property', 'functools.cached_property', 'abstractmethod',
  'abc.abstractmethod', 'override', 'typing.override', 'typing_extensions.override', 'final', 'typing.final',
  'cache', 'functools.cache', 'lru_cache', 'functools.lru_cache', 'contextmanager', 'contextlib.contextmanager',
  'asynccontextmanager', 'contextlib.asynccontextmanager', 'abc.abstractproperty', 'abstractproperty',
  'deprecated', 'typing_extensions.deprecated', 'warnings.deprecated',
]);


const OVERLOAD = new Set(['overload', 'typing.overload', 'typing_extensions.overload']);

const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag', 'ReprEnum']);

const MARKER_BASES = new Set(['object', 'ABC', 'Protocol', 'Generic']);

const DATACLASS_DECORATORS = /^(dataclasses\.)?dataclass$|^(attr|attrs)\.(s|attrs|define|frozen|mutable)$|^(define|frozen|mutable)$|^pydantic\.dataclasses\.dataclass$/;

function decoratorsOf(x: PyExtraction, node: Node): string[] {
  const parent = node.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  const out: string[] = [];
  for (const d of parent.namedChildren) {
    if (!d || d.type !== 'decorator') continue;
    const e = d.namedChild(0);
    if (!e) continue;
    if (e.type === 'call') {
      const callee = calleeOf(e, x.src) ?? '';
      const args = x.src.of(e);
      out.push(/(^|\.)dataclass$|^(attr|attrs)\.(s|attrs|define)$|^define$/.test(callee) && /\bfrozen\s*=\s*True\b/.test(args) ? `${callee.replace(/^.*\./, '')}:frozen` : callee);
    } else {
      out.push(dottedText(x.src.of(e)) ?? '');
    }
  }
  return out;
}

/**
 * Could the statement starting at `start` carry decorators? Walks back over the lines above: the
 * first code line at the statement's own indentation (not a bracket closing a multi-line
 * decorator) decides: `@…` means decorated. Deeper lines (the previous body) are skipped.
 */
function maybeDecorated(x: PyExtraction, start: number): boolean {
  const indent = x.column(start) - 1;
  let lineEnd = x.text.lastIndexOf('\n', start - 1);
  while (lineEnd > 0) {
    const lineStart = x.text.lastIndexOf('\n', lineEnd - 1) + 1;
    let i = lineStart;
    while (i < lineEnd && (x.text.charCodeAt(i) === 32 || x.text.charCodeAt(i) === 9)) i++;
    const c = x.text.charCodeAt(i);
    const lineIndent = i - lineStart;
    if (i >= lineEnd || c === 35 /* # */ || c === 13 || lineIndent > indent) {
      lineEnd = lineStart - 1;
      continue;
    }
    if (lineIndent < indent) return false;
    if (c === 64 /* @ */) return true;
    // `)` of a decorator spread over lines: keep looking for its `@`.
    if (c === 41 || c === 93 || c === 125) {
      lineEnd = lineStart - 1;
      continue;
    }
    return false;
  }
  return false;
}

export function onDef(x: PyExtraction, site: Site): void {
  const start = site.start;
  const end = x.endOf(site);
  const ctx = x.context(start);
  // The header, read from the text: `[async] def name[T](params) -> ret:`.
  // `[async] def name`
  let h = start;
  const isAsync = x.text.startsWith('async', h);
  if (isAsync) h = x.skipSpaces(h + 5);
  const nameStart = x.text.startsWith('def', h) ? x.skipSpaces(h + 3) : -1;
  const nameMatch = nameStart > h ? dottedAt(x.text, nameStart) : undefined;
  const head = nameMatch && !nameMatch.name.includes('.') ? nameMatch : undefined;
  let open = head ? head.next : -1;
  let typeParamsText: string | undefined;
  if (open >= 0 && x.text[open] === '[') {
    const close = matchBracket(x.text, open, end);
    typeParamsText = close > 0 ? x.text.slice(open + 1, close) : undefined;
    open = close > 0 ? close + 1 : -1;
    while (open > 0 && (x.text[open] === ' ' || x.text[open] === '\t')) open++;
  }
  const close = open >= 0 && x.text[open] === '(' ? matchBracket(x.text, open, end) : -1;
  const colon = close > 0 ? findTopLevel(x.text, close + 1, end, ':') : -1;
  if (!head || colon < 0) {
    x.pushScope(K.Def, start, end, end);
    return;
  }
  const bodyStart = colon + 1;
  const name = head.name;
  const decorators = maybeDecorated(x, start) ? decoratorsOf(x, x.nodeOf(site)) : [];
  const cls = ctx.fn ? undefined : ctx.cls;
  const isStaticMethod = decorators.includes('staticmethod');
  const isClassMethod = decorators.includes('classmethod');
  const qualifiedName = ctx.fn ? `${ctx.fn.fact.qualifiedName}.${name}` : cls ? `${cls.fact.name}.${name}` : name;
  if (ctx.fn) ctx.fn.locals.add(name);
  const typeParams = new Set<string>();
  if (typeParamsText) for (const t of typeParamsText.split(',')) typeParams.add(t.trim().split(/[:=\s]/)[0]!.replace(/^\*+/, ''));
  const afterParams = x.text.slice(close + 1, colon);
  const arrow = afterParams.indexOf('->');
  const returnTypeText = arrow >= 0 ? afterParams.slice(arrow + 2).trim() : undefined;
  const unknownDecorator = decorators.find((d) => !TRANSPARENT_DECORATORS.has(d) && !/\.(setter|getter|deleter)$/.test(d));
  const fact: FunctionFact = {
    name,
    qualifiedName,
    isStatic: isStaticMethod || isClassMethod,
    isAsync,
    isGenerator: false,
    typeParams: [...typeParams],
    returnType: unknownDecorator !== undefined ? { kind: 'opaque' } : classifyAnnotation(returnTypeText, typeParams),
    returns: [],
    constructs: [],
    params: [],
    exported: !ctx.fn && !cls && !name.startsWith('_'),
    at: x.span(start, end),
    nameAt: x.span(nameStart, nameStart + name.length),
  };
  if (cls) fact.className = cls.fact.name;
  if (!ctx.fn) noteDefinition(x, start, end, name, cls ? 'method' : 'function', fact.nameAt, decorators, cls);
  // `__name` is mangled per class: no subclass can override it.
  if (cls && name.startsWith('__') && !name.endsWith('__')) fact.isPrivate = true;
  if (unknownDecorator !== undefined) fact.returnTypeText = `@${unknownDecorator}`;
  else if (returnTypeText !== undefined) fact.returnTypeText = returnTypeText;
  const b: FnB = {
    fact,
    parent: ctx.fn,
    cls,
    locals: new Set(),
    globals: new Set(),
    assigns: new Map(),
    returnIdents: [],
    defaults: new Map(),
    keptLocals: new Set(),
    cachedLocals: new Set(),
    returnExprs: [],
  };
  // Parameters: `name`, `name: T`, `name=d`, `name: T = d`, `*args`, `**kw`, `*`, `/`.
  let first = true;
  const perCallDefaults = ctx.fn !== undefined || (ctx.cls?.inFunction ?? false);
  for (const [a, z] of splitTopLevel(x.text, open + 1, close)) {
    const eq = findTopLevel(x.text, a, z, '=');
    const ann = findTopLevel(x.text, a, eq < 0 ? z : eq, ':');
    const nameEnd = ann >= 0 ? ann : eq >= 0 ? eq : z;
    const pname = x.text.slice(a, nameEnd).trim().replace(/^\*+/, '').trim();
    if (!pname || pname === '/') continue;
    const ptype = ann >= 0 ? x.text.slice(ann + 1, eq >= 0 ? eq : z).trim() : undefined;
    b.locals.add(pname);
    if (first && cls && !isStaticMethod) {
      first = false;
      if (isClassMethod) b.clsParam = pname;
      else b.selfName = pname;
      continue;
    }
    first = false;
    const entry: FunctionFact['params'][number] = { name: pname, ...(ptype ? { type: ptype } : {}), ...(eq >= 0 ? { optional: true as const } : {}) };
    // A nested function's defaults are evaluated each time the enclosing function runs: shared only
    // by the calls of one closure (the deliberate `def seen(p, m={})` helper), not by every caller.
    if (eq >= 0 && !perCallDefaults) {
      const [da, dz] = trim(x.text, eq + 1, z);
      const init = mutableLiteral(x.text.slice(da, dz));
      if (init) {
        const sd: SharedDefault = { init, at: x.span(da, dz), mutated: false };
        entry.sharedDefault = sd;
        b.defaults.set(pname, sd);
      }
    }
    fact.params.push(entry);
  }
  if (decorators.some((d) => OVERLOAD.has(d))) {
    // A typing stub for an implementation that follows: its `...` body says nothing.
    x.pushScope(K.Def, start, end, bodyStart, { fn: b });
    return;
  }
  x.facts.functions.push(fact);
  x.fns.push(b);
  if (cls) {
    const isInitMethod = name === '__init__';
    if (isInitMethod) {
      cls.hasInit = true;
      cls.fact.ctorParams = fact.params.map((p) => ({ name: p.name, ...(p.type !== undefined ? { type: p.type } : {}), ...(p.optional ? { optional: p.optional } : {}) }));
    }
    const isAccessor = decorators.some((d) => d === 'property' || d === 'cached_property' || d === 'functools.cached_property' || /\.(setter|getter|deleter)$/.test(d));
    cls.fact.members.push({
      name,
      kind: isInitMethod ? 'constructor' : isAccessor ? 'accessor' : 'method',
      isStatic: isStaticMethod || isClassMethod,
      isAbstract: decorators.some((d) => /(^|\.)abstract(method|property)$/.test(d)),
      at: fact.at,
    });
  } else if (!ctx.fn) {
    x.declareModule(name, 'function', start, end);
  }
  x.pushScope(K.Def, start, end, bodyStart, { fn: b });
}

export function onClass(x: PyExtraction, site: Site): void {
  const node = x.nodeOf(site);
  const start = site.start;
  const end = x.endOf(site);
  const ctx = x.context(start);
  const nameNode = node.childForFieldName('name');
  const body = node.childForFieldName('body');
  const bodyStart = body ? body.startIndex : end;
  if (!nameNode) {
    x.pushScope(K.Class, start, end, bodyStart);
    return;
  }
  const name = x.src.of(nameNode);
  const decorators = decoratorsOf(x, node);
  const bases: string[] = [];
  let metaclass: string | undefined;
  for (const a of node.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!a) continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name');
      const v = a.childForFieldName('value');
      if (k && v && x.src.of(k) === 'metaclass') metaclass = x.src.of(v);
      continue;
    }
    const t = x.src.of(a);
    const head = t.includes('[') ? t.slice(0, t.indexOf('[')) : t;
    if (dottedText(head) !== undefined) bases.push(head);
  }
  const last = (s: string): string => s.slice(s.lastIndexOf('.') + 1);
  const isProtocol = bases.some((b) => last(b) === 'Protocol');
  const isEnum = bases.some((b) => ENUM_BASES.has(last(b)));
  const isAbstract = bases.some((b) => last(b) === 'ABC') || (metaclass !== undefined && last(metaclass) === 'ABCMeta');
  const immutable =
    decorators.some((d) => d.endsWith(':frozen') || d === 'attr.frozen' || d === 'attrs.frozen' || d === 'frozen') ||
    bases.some((b) => last(b) === 'NamedTuple');
  const real = bases.filter((b) => !MARKER_BASES.has(last(b)));
  const cls: ClassFact = {
    name,
    kind: isProtocol ? 'protocol' : isEnum ? 'enum' : isAbstract ? 'abstract-class' : 'class',
    exported: !ctx.fn && !ctx.cls && !name.startsWith('_'),
    at: x.span(start, end),
    nameAt: x.spanOf(nameNode),
    ...(real[0] !== undefined ? { extends: real[0] } : {}),
    implements: real.slice(1),
    members: [],
    ctorParams: [],
    fieldRefs: [],
    decorators,
    mutatedFields: [],
    ...(immutable || isEnum ? { immutable: true } : {}),
  };
  const b: ClsB = {
    fact: cls,
    bodyColumn: x.span(bodyStart, bodyStart).column,
    // Annotated class attributes are per-instance fields in dataclasses, attrs, pydantic, NamedTuple,
    // TypedDict...: any decorator of that family or any base we cannot see counts.
    dataclassLike: decorators.some((d) => DATACLASS_DECORATORS.test(d.replace(/:frozen$/, ''))) || real.length > 0,
    isEnum,
    rebound: new Set(),
    reachedViaClass: new Set(),
    inFunction: ctx.fn !== undefined || (ctx.cls?.inFunction ?? false),
    mutated: new Set(),
    mutatedAny: new Set(),
    hasInit: false,
    annotatedFields: [],
  };
  x.facts.classes.push(cls);
  if (!ctx.fn) noteDefinition(x, start, end, name, 'class', cls.nameAt, decorators, ctx.cls);
  x.classes.push(b);
  x.classNames.add(name);
  if (ctx.fn) ctx.fn.locals.add(name);
  else if (!ctx.cls) {
    x.declareModule(name, isProtocol ? 'interface' : isEnum ? 'enum' : isAbstract ? 'abstract-class' : 'class', start, end);
    if (!x.topClasses.has(name)) x.topClasses.set(name, b);
  }
  x.pushScope(K.Class, start, end, bodyStart, { cls: b });
}

/**
 * Record a `def`/`class` at the top of a module or class body: one written at the body's own
 * indentation runs whenever the body does, so a second one of the same name replaces the first
 * (`@overload` signatures, property setters and `@f.register` variants excepted).
 */
function noteDefinition(x: PyExtraction, start: number, end: number, name: string, kind: 'class' | 'function' | 'method', at: Span, decorators: readonly string[], cls: ClsB | undefined): void {
  // `_` is the throwaway name (singledispatch variants, scratch helpers).
  if (name === '_' || x.span(start, start).column !== (cls ? cls.bodyColumn : 1)) return;
  const scope = cls ? `${cls.fact.name}@${cls.fact.at.line}` : '';
  let names = x.definedIn.get(scope);
  if (!names) x.definedIn.set(scope, (names = new Map()));
  // A decorator that may register the function elsewhere (`@dispatch(A, B)`, `@X.register`,
  // `@overload`, `@x.setter`) makes each definition a variant, not a replacement.
  const variant = decorators.some((d) => !TRANSPARENT_DECORATORS.has(d));
  const prev = names.get(name);
  // The earlier one used before it is replaced (`test_both(MetaPathFinder)` between two classes of that name) is not dead.
  if (prev && !prev.variant && !variant && !new RegExp(`\\b${name}\\b`).test(x.text.slice(prev.end, start))) {
    (x.facts.redefinitions ??= []).push({ name, kind, ...(cls ? { className: cls.fact.name } : {}), at, earlier: prev.at });
  }
  names.set(name, { at, end, variant });
}

export function onReturn(x: PyExtraction, site: Site): void {
  const ctx = x.context(site.start);
  const b = ctx.fn;
  if (!b) return;
  const start = x.skipSpaces(site.start + 6);
  const end = statementEnd(x.text, start);
  if (end <= start) return; // bare `return`
  const kept = (at: number): void => {
    if (!x.flowAt.has(at)) x.flowAt.set(at, 'kept');
  };
  const simple = parseSimple(x.text.slice(start, end));
  if (simple) {
    b.returnExprs.push({ start, end, node: () => x.nodeOf(site) });
    classifyReturnSimple(simple, b.fact.returns, (id) => b.returnIdents.push(id), (offset) => kept(start + offset));
    return;
  }
  const e = x.nodeOf(site).namedChild(0);
  if (!e) return;
  if (e.type === 'expression_list') {
    b.fact.returns.push({ kind: 'sync' });
    return;
  }
  b.returnExprs.push({ start: e.startIndex, end: e.endIndex, node: () => e });
  classifyReturn(e, x.src, b.fact.returns, (id) => b.returnIdents.push(id), kept);
}

export function finishReturns(x: PyExtraction, b: FnB, classNames: ReadonlySet<string>): void {
  const fact = b.fact;
  resolveReturnedNames(b.returnIdents, fact.returns, (id, follow) => {
    if (id === 'self' || id === 'cls' || id === b.selfName || id === b.clsParam) {
      fact.returns.push({ kind: 'unknown' });
      return;
    }
    const assigned = b.assigns.get(id);
    if (assigned && assigned.length > 0 && !b.globals.has(id)) {
      for (const a of assigned) {
        if (a.simple === undefined) a.simple = parseSimple(x.text.slice(a.rightStart, a.rightEnd).trim()) ?? null;
        const simple = a.simple;
        if (simple) {
          classifyReturnSimple(simple, fact.returns, follow, () => {});
          continue;
        }
        const right = rightOf(x.nodeOf(a.site));
        if (right) classifyReturn(right, x.src, fact.returns, follow);
        else fact.returns.push({ kind: 'unknown' });
      }
      return;
    }
    if (x.isLocal(id, b)) {
      fact.returns.push({ kind: 'unknown' }); // a parameter, loop variable or closure value
      return;
    }
    if (id === 'None' || id === 'True' || id === 'False') {
      fact.returns.push({ kind: 'sync' });
      return;
    }
    fact.returns.push({ kind: 'call', callee: `#ref:${id}` });
  });
  fact.returns = dedupeShapes(fact.returns.map((r): ReturnShape => (r.kind === 'call' && classNames.has(r.callee) ? { kind: 'new', callee: r.callee } : r)));
}

/** At the end: mutated fields and shared defaults, field references, abstract classes, dataclass constructors. */
export function finishClasses(x: PyExtraction, classNames: ReadonlySet<string>): void {
  // In-place mutation: of class attributes (shared by every instance), of shared default arguments.
  for (const m of x.mutations) {
    const parts = m.recv.split('.');
    if (parts.length === 1) {
      for (let f = m.ctx.fn; f; f = f.parent) {
        const d = f.defaults.get(parts[0]!);
        if (d && !f.assigns.has(parts[0]!)) d.mutated = true;
        if (f.locals.has(parts[0]!)) break;
      }
      continue;
    }
    if (parts.length !== 2) continue;
    const scope = x.receiverScope(m.recv, m.ctx);
    if (scope?.cls && scope.scope === 'this') scope.cls.mutated.add(parts[1]!);
    if (scope?.cls && (scope.scope === 'this' || scope.scope === 'static')) scope.cls.mutatedAny.add(parts[1]!);
  }
  for (const s of x.selfStores) {
    // `self.items = items` where items is a shared default: every instance gets the one object.
    for (let f = s.ctx.fn; f; f = f.parent) {
      const d = f.defaults.get(s.value);
      if (d && !f.assigns.has(s.value)) d.mutated = true;
      if (f.locals.has(s.value)) break;
    }
    if (x.isModuleName(s.value, s.ctx.fn) && !x.importLocals.has(s.value) && !classNames.has(s.value)) {
      s.cls.fact.fieldRefs.push({ field: s.field, ref: s.value, at: s.at });
    }
  }
  for (const c of x.classes) {
    c.fact.mutatedFields = [...c.mutated];
    for (const m of c.fact.members) {
      if (m.kind === 'field' && m.isStatic && !c.isEnum) m.mutated = c.mutatedAny.has(m.name);
      // `self.x = …` gives each instance its own x: the class attribute is only a default.
      // Reached through the class elsewhere (`Breakpoint.bplist[k]`, `cls._registry`): the author knows it is shared.
      if (m.implicitStatic && (c.rebound.has(m.name) || c.reachedViaClass.has(m.name))) delete m.implicitStatic;
    }
    if (c.fact.kind === 'class' && c.fact.members.some((m) => m.isAbstract)) c.fact.kind = 'abstract-class';
    if (!c.hasInit && c.dataclassLike && c.fact.ctorParams.length === 0) c.fact.ctorParams = c.annotatedFields;
  }
  for (const d of x.facts.declarations) {
    if (d.kind === 'class') {
      const c = x.topClasses.get(d.name);
      if (c?.fact.kind === 'abstract-class') d.kind = 'abstract-class';
    }
  }
}

/**
 * The per-file state of the TypeScript walk, shared by the fact families: the parsed file, the facts
 * being built, the module's top-level names, and the walk's context (enclosing function, class,
 * catch or fallback branch, registry). The families add facts through it and recurse through
 * `visit`/`visitChildren`, which the orchestrator (../extract.ts) supplies: one walk, one depth count.
 */
import { ts } from '../ts.js';
import type { ClassFact, FileFacts, FunctionFact, NewFact, RegistryFact, Span } from '../../../model/facts.js';
import { SK, unwrap } from '../classify.js';
import type { DeriveScope } from '../derive.js';

export interface FnBuilder {
  fact: FunctionFact | undefined; // undefined for anonymous callbacks: they absorb returns only
  locals: Set<string>;
  assigns: Map<string, ts.Expression[]>;
  returnIdents: string[];
  /** `const m = new X()`: the NewFact waits to learn whether `m` is returned or stored. */
  newsInLocals: { fact: NewFact; local: string }[];
  /** Locals that are returned or stored (keyed-collection value, field, module slot). */
  keptLocals: Set<string>;
  /** Locals stored as a keyed-collection value or in a module/static slot. */
  cachedLocals: Set<string>;
  /** Returned expressions, for the function's key derivation. */
  returnExprs?: ts.Expression[];
  /** Parameter names (a subset of `locals`). */
  params?: Set<string>;
}

export function newBuilder(fact: FunctionFact | undefined): FnBuilder {
  return { fact, locals: new Set(), assigns: new Map(), returnIdents: [], newsInLocals: [], keptLocals: new Set(), cachedLocals: new Set() };
}

export interface Ctx {
  fn: FnBuilder | undefined;
  /** Qualified name of the nearest named function ('' at module level). */
  enclosing: string;
  className: string | undefined;
  cls: ClassFact | undefined;
  inCatch: boolean;
  inFallback: boolean;
  inConstructor: boolean;
  registry: RegistryFact | undefined;
}

export const MODULE_CTX: Ctx = {
  fn: undefined,
  enclosing: '',
  className: undefined,
  cls: undefined,
  inCatch: false,
  inFallback: false,
  inConstructor: false,
  registry: undefined,
};

/** How a `new X` flows, marked by its parent before the child is visited. */
export type Flow = 'kept' | 'cached' | 'thrown' | { local: string };

/** One file's extraction: its input, the facts it builds, and what the walk learns on the way. */
export interface Extraction {
  readonly sf: ts.SourceFile;
  readonly facts: FileFacts;
  /** Top-level names (collected before the walk, so uses inside functions can tell module state from locals). */
  readonly moduleNames: Set<string>;
  readonly importNames: Set<string>;
  readonly classNames: Set<string>;
  /** Where a `new X` is stored when that is visible at the site. */
  readonly storedAt: Map<ts.Node, NewFact['storedIn']>;
  readonly flowOf: Map<ts.Node, Flow>;
  /** Locals of enclosing functions: a chain through the builders' `locals` sets. */
  readonly scopeChain: Map<FnBuilder, FnBuilder | undefined>;
  /** The walk: every recursion goes through `visit`, whose depth is the nesting guard's. */
  visit(node: ts.Node, ctx: Ctx): void;
  visitChildren(node: ts.Node, ctx: Ctx): void;
}

export function span(x: Extraction, node: ts.Node): Span {
  return spanBetween(x, node.getStart(x.sf), node.getEnd());
}

/** The span between two positions of the file. */
export function spanBetween(x: Extraction, from: number, to: number): Span {
  const start = x.sf.getLineAndCharacterOfPosition(from);
  const end = x.sf.getLineAndCharacterOfPosition(to);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // `node.modifiers` holds modifiers and decorators; a keyword kind only matches a modifier.
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

export function propName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  return undefined;
}

export function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  }
  return out;
}

export function declKindOf(list: ts.VariableDeclarationList): 'const' | 'let' | 'var' {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}

/** The names the module's top-level statements bind (declarations and imports). */
export function collectModuleNames(x: Extraction): void {
  for (const st of x.sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) for (const n of bindingNames(d.name)) x.moduleNames.add(n);
    } else if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      x.moduleNames.add(st.name.text);
      if (ts.isClassDeclaration(st)) x.classNames.add(st.name.text);
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      const names: string[] = [];
      if (c.name) names.push(c.name.text);
      if (c.namedBindings) {
        if (ts.isNamespaceImport(c.namedBindings)) names.push(c.namedBindings.name.text);
        else for (const el of c.namedBindings.elements) names.push(el.name.text);
      }
      for (const n of names) {
        x.moduleNames.add(n);
        x.importNames.add(n);
      }
    }
  }
}

// ---- scope questions ------------------------------------------------------------------------

export function isShadowed(x: Extraction, name: string, ctx: Ctx): boolean {
  for (let b: FnBuilder | undefined = ctx.fn; b; b = x.scopeChain.get(b)) if (b.locals.has(name)) return true;
  return false;
}

export function isModuleName(x: Extraction, name: string, ctx: Ctx): boolean {
  if (!x.moduleNames.has(name)) return false;
  return !ctx.fn || !isShadowed(x, name, ctx);
}

/** The nearest enclosing function that declares a local. */
export function declaringFn(x: Extraction, name: string, ctx: Ctx): FnBuilder | undefined {
  for (let b: FnBuilder | undefined = ctx.fn; b; b = x.scopeChain.get(b)) if (b.locals.has(name)) return b;
  return undefined;
}

export function receiverScope(x: Extraction, recv: string, ctx: Ctx): { scope: 'module' | 'this' | 'static'; className?: string } | undefined {
  const parts = recv.split('.');
  if (parts[0] === 'this') {
    if (parts.length !== 2 || !ctx.className) return undefined;
    return { scope: 'this', className: ctx.className };
  }
  // Imported names are modules and functions (`csr.get(graph)`), not collections this module owns.
  if (parts.length === 1) return isModuleName(x, recv, ctx) && !x.importNames.has(recv) ? { scope: 'module' } : undefined;
  if (parts.length === 2 && x.classNames.has(parts[0]!) && isModuleName(x, parts[0]!, ctx)) return { scope: 'static', className: parts[0]! };
  return undefined;
}

/** The derivation scope of a key expression at this point of the walk. */
export function keyScope(x: Extraction, ctx: Ctx): DeriveScope {
  return {
    text: (node) => node.getText(x.sf),
    paramIndex: () => undefined,
    isLocal: (name) => isShadowed(x, name, ctx),
    isParam: (name) => declaringFn(x, name, ctx)?.params?.has(name) === true,
    assigned: (name) => declaringFn(x, name, ctx)?.assigns.get(name),
  };
}

// ---- value flow: where a construction goes, what a class mutates -----------------------------

/** Mark the `new` expressions an expression can evaluate to (through ?:, ??, ||, parens). */
export function markFlow(x: Extraction, expr: ts.Expression, flow: Flow): void {
  const e = unwrap(expr);
  if (ts.isNewExpression(e)) x.flowOf.set(e, flow);
  else if (ts.isConditionalExpression(e)) {
    markFlow(x, e.whenTrue, flow);
    markFlow(x, e.whenFalse, flow);
  } else if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SK.QuestionQuestionToken || op === SK.BarBarToken) {
      markFlow(x, e.left, flow);
      markFlow(x, e.right, flow);
    } else if (op === SK.CommaToken || op === SK.EqualsToken) markFlow(x, e.right, flow);
  }
}

/** A value expression that is returned or stored: a local it names is kept. */
export function keepValue(x: Extraction, expr: ts.Expression, ctx: Ctx, cached = false): void {
  markFlow(x, expr, cached ? 'cached' : 'kept');
  const e = unwrap(expr);
  if (ts.isIdentifier(e) && ctx.fn) {
    ctx.fn.keptLocals.add(e.text);
    if (cached) ctx.fn.cachedLocals.add(e.text);
  }
}

/** `this.f…` written through: the class mutates the object in field f. */
export function noteMutation(target: ts.Expression, ctx: Ctx, direct = false): void {
  if (!ctx.cls) return;
  let e = unwrap(target);
  if (direct && ts.isPropertyAccessExpression(e) && e.expression.kind === SK.ThisKeyword) {
    if (!ctx.cls.mutatedFields.includes(e.name.text)) ctx.cls.mutatedFields.push(e.name.text);
    return;
  }
  // Walk down to `this.f`.
  for (;;) {
    if ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && e.expression.kind !== SK.ThisKeyword) e = unwrap(e.expression);
    else break;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === SK.ThisKeyword && e !== unwrap(target)) {
    const f = e.name.text;
    if (!ctx.cls.mutatedFields.includes(f)) ctx.cls.mutatedFields.push(f);
  }
}

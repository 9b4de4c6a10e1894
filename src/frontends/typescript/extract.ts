/**
 * The TypeScript/JavaScript frontend: one parse, one walk, plain facts out.
 *
 * Uses the compiler's parser directly (`ts.createSourceFile` through the `ts` that ts-morph bundles, from @ts-morph/common) with
 * no Program and no type checker: wrapping nodes in ts-morph objects or building a checker costs far
 * more than the facts need. Parent pointers are not set; the walk carries its own context.
 */
import { ts } from './ts.js';
import {
  FACTS_VERSION,
  type ClassFact,
  type DeclKind,
  type FileFacts,
  type FunctionFact,
  type KeyDerivation,
  type KeyedOp,
  type KeyPart,
  type Language,
  type MemberFact,
  type NewFact,
  type RegistryFact,
  type Span,
} from '../../model/facts.js';
import { dedupeShapes } from '../return-shapes.js';
import { classifyDeclaredType, classifyInit, classifyReturn, dottedName, SK, unwrap } from './classify.js';
import { choice, deriveKey, derivable, hasSource, looksDerivable, returnedExpressions, sourcesOf, type DeriveScope } from './derive.js';
import { findNondeterministicSources } from './nondeterminism.js';
import { normaliseKey } from '../key-parts.js';
import { valueUses } from './value-uses.js';
import { isStackOverflow, MAX_TS_DEPTH, NestingTooDeep, tooDeepMessage } from '../nesting.js';

export { TS_EXTENSIONS } from './extensions.js';

function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (path.endsWith('.js') || path.endsWith('.mjs') || path.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function languageOf(path: string): Language {
  return /\.(c|m)?jsx?$/.test(path) ? 'javascript' : 'typescript';
}

interface FnBuilder {
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

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'delete', 'clear', 'add']);

function newBuilder(fact: FunctionFact | undefined): FnBuilder {
  return { fact, locals: new Set(), assigns: new Map(), returnIdents: [], newsInLocals: [], keptLocals: new Set(), cachedLocals: new Set() };
}

interface Ctx {
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

const MODULE_CTX: Ctx = {
  fn: undefined,
  enclosing: '',
  className: undefined,
  cls: undefined,
  inCatch: false,
  inFallback: false,
  inConstructor: false,
  registry: undefined,
};

// A Map, not an object literal: `x.toString(k)` must not find Object.prototype.toString as an op.
const KEYED_METHODS = new Map<string, KeyedOp>([['set', 'set'], ['get', 'get'], ['has', 'has'], ['delete', 'delete']]);

/** `createRegistry` or `something.createRegistry` (cheaper than a regex on every call). */
function isCreateRegistry(callee: string | undefined): boolean {
  return callee !== undefined && (callee === 'createRegistry' || callee.endsWith('.createRegistry'));
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // `node.modifiers` holds modifiers and decorators; a keyword kind only matches a modifier.
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

function propName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  return undefined;
}

function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  }
  return out;
}

/**
 * Throws NestingTooDeep for a file nested deeper than MAX_TS_DEPTH (or whose parse or walk runs out
 * of stack): see ../nesting.ts.
 */
export function extractTypeScript(path: string, text: string, hash: string): FileFacts {
  let sf: ts.SourceFile;
  try {
    // JSDoc is never read: skipping its parse is a large share of the parse on documented code.
    sf = ts.createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
  } catch (e) {
    // The parser is recursive and has no depth limit of its own; its state is reset by the next parse.
    if (isStackOverflow(e)) throw new NestingTooDeep(tooDeepMessage(undefined, MAX_TS_DEPTH));
    throw e;
  }
  try {
    return extractFrom(sf, path, text, hash);
  } catch (e) {
    if (e instanceof NestingTooDeep || isStackOverflow(e)) throw new NestingTooDeep(tooDeepMessage(treeDepth(sf), MAX_TS_DEPTH));
    throw e;
  }
}

/** The depth of a syntax tree, without recursion (only asked about a file that was too deep). */
export function treeDepth(sf: ts.SourceFile): number {
  let max = 0;
  const nodes: ts.Node[] = [sf];
  const depths: number[] = [0];
  let d = 0;
  const push = (c: ts.Node): void => {
    nodes.push(c);
    depths.push(d + 1);
  };
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    d = depths.pop()!;
    if (d > max) max = d;
    ts.forEachChild(n, push);
  }
  return max;
}

function extractFrom(sf: ts.SourceFile, path: string, text: string, hash: string): FileFacts {
  const facts: FileFacts = {
    version: FACTS_VERSION,
    path,
    language: languageOf(path),
    hash,
    parseErrors: [],
    imports: [],
    exports: [],
    declarations: [],
    classes: [],
    functions: [],
    calls: [],
    news: [],
    bindings: [],
    keyedOps: [],
    registries: [],
    suppressions: [],
  };

  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    for (const d of diagnostics.slice(0, 5)) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
      facts.parseErrors.push({ message: ts.flattenDiagnosticMessageText(d.messageText, ' '), line: line + 1, column: character + 1 });
    }
    // Facts from a file that does not parse are partial and would mislead whole-project rules.
    return facts;
  }

  const span = (node: ts.Node): Span => {
    const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const end = sf.getLineAndCharacterOfPosition(node.getEnd());
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };

  const spanBetween = (from: number, to: number): Span => {
    const start = sf.getLineAndCharacterOfPosition(from);
    const end = sf.getLineAndCharacterOfPosition(to);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };

  // Top-level names first, so uses inside functions can tell module state from locals.
  const moduleNames = new Set<string>();
  const importNames = new Set<string>();
  const classNames = new Set<string>();
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) for (const n of bindingNames(d.name)) moduleNames.add(n);
    } else if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      moduleNames.add(st.name.text);
      if (ts.isClassDeclaration(st)) classNames.add(st.name.text);
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      const names: string[] = [];
      if (c.name) names.push(c.name.text);
      if (c.namedBindings) {
        if (ts.isNamespaceImport(c.namedBindings)) names.push(c.namedBindings.name.text);
        else for (const el of c.namedBindings.elements) names.push(el.name.text);
      }
      for (const n of names) {
        moduleNames.add(n);
        importNames.add(n);
      }
    }
  }
  /** Where a `new X` is stored when that is visible at the site. */
  const storedAt = new Map<ts.Node, NewFact['storedIn']>();
  /** How a `new X` flows, marked by its parent before the child is visited. */
  type Flow = 'kept' | 'cached' | 'thrown' | { local: string };
  const flowOf = new Map<ts.Node, Flow>();
  /** Mark the `new` expressions an expression can evaluate to (through ?:, ??, ||, parens). */
  const markFlow = (expr: ts.Expression, flow: Flow): void => {
    const e = unwrap(expr);
    if (ts.isNewExpression(e)) flowOf.set(e, flow);
    else if (ts.isConditionalExpression(e)) {
      markFlow(e.whenTrue, flow);
      markFlow(e.whenFalse, flow);
    } else if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === SK.QuestionQuestionToken || op === SK.BarBarToken) {
        markFlow(e.left, flow);
        markFlow(e.right, flow);
      } else if (op === SK.CommaToken || op === SK.EqualsToken) markFlow(e.right, flow);
    }
  };
  /** A value expression that is returned or stored: a local it names is kept. */
  const keepValue = (expr: ts.Expression, ctx: Ctx, cached = false): void => {
    markFlow(expr, cached ? 'cached' : 'kept');
    const e = unwrap(expr);
    if (ts.isIdentifier(e) && ctx.fn) {
      ctx.fn.keptLocals.add(e.text);
      if (cached) ctx.fn.cachedLocals.add(e.text);
    }
  };
  /** `this.f…` written through: the class mutates the object in field f. */
  const noteMutation = (target: ts.Expression, ctx: Ctx, direct = false): void => {
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
  };

  const isModuleName = (name: string, ctx: Ctx): boolean => {
    if (!moduleNames.has(name)) return false;
    return !ctx.fn || !isShadowed(name, ctx);
  };
  // Locals of enclosing functions: a chain through the builders' `locals` sets.
  const scopeChain = new Map<FnBuilder, FnBuilder | undefined>();
  const isShadowed = (name: string, ctx: Ctx): boolean => {
    for (let b: FnBuilder | undefined = ctx.fn; b; b = scopeChain.get(b)) if (b.locals.has(name)) return true;
    return false;
  };

  const receiverScope = (recv: string, ctx: Ctx): { scope: 'module' | 'this' | 'static'; className?: string } | undefined => {
    const parts = recv.split('.');
    if (parts[0] === 'this') {
      if (parts.length !== 2 || !ctx.className) return undefined;
      return { scope: 'this', className: ctx.className };
    }
    // Imported names are modules and functions (`csr.get(graph)`), not collections this module owns.
    if (parts.length === 1) return isModuleName(recv, ctx) && !importNames.has(recv) ? { scope: 'module' } : undefined;
    if (parts.length === 2 && classNames.has(parts[0]!) && isModuleName(parts[0]!, ctx)) return { scope: 'static', className: parts[0]! };
    return undefined;
  };

  /** Follow `const key = …` in the enclosing function once, so `set(key, …)` compares derivations. */
  const keyText = (expr: ts.Expression, ctx: Ctx): ts.Expression => {
    const e = unwrap(expr);
    if (ts.isIdentifier(e) && ctx.fn) {
      const assigned = ctx.fn.assigns.get(e.text);
      if (assigned && assigned.length === 1) return assigned[0]!;
    }
    return e;
  };

  /** The nearest enclosing function that declares a local. */
  const declaringFn = (name: string, ctx: Ctx): FnBuilder | undefined => {
    for (let b: FnBuilder | undefined = ctx.fn; b; b = scopeChain.get(b)) if (b.locals.has(name)) return b;
    return undefined;
  };
  const nodeText = (node: ts.Node): string => node.getText(sf);
  const keyScope = (ctx: Ctx): DeriveScope => ({
    text: nodeText,
    paramIndex: () => undefined,
    isLocal: (name) => isShadowed(name, ctx),
    isParam: (name) => declaringFn(name, ctx)?.params?.has(name) === true,
    assigned: (name) => declaringFn(name, ctx)?.assigns.get(name),
  });

  const recordKeyed = (recv: string, op: KeyedOp, keyExpr: ts.Expression, ctx: Ctx, at: ts.Node): void => {
    const scope = receiverScope(recv, ctx);
    if (!scope) return;
    const source = keyText(keyExpr, ctx);
    const derivation = deriveKey(keyExpr, keyScope(ctx));
    const keyCalls: string[] = [];
    const collectCalls = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const c = dottedName(n.expression);
        if (c) keyCalls.push(c);
      }
      ts.forEachChild(n, collectCalls);
    };
    collectCalls(source);
    facts.keyedOps.push({
      receiver: recv,
      receiverScope: scope.scope,
      ...(scope.className ? { className: scope.className } : {}),
      op,
      key: normaliseKey(source.getText(sf)),
      ...(source !== unwrap(keyExpr) && ts.isIdentifier(unwrap(keyExpr)) ? { keyLocal: (unwrap(keyExpr) as ts.Identifier).text } : {}),
      keyCalls,
      nondeterministic: [
        ...new Set([
          ...findNondeterministicSources(source, (name) => isShadowed(name, ctx)),
          ...sourcesOf(derivation.parts),
        ]),
      ],
      derivation,
      enclosing: ctx.enclosing,
      at: span(at),
    });
  };

  const addImport = (
    specifier: string,
    kind: FileFacts['imports'][number]['kind'],
    names: FileFacts['imports'][number]['names'],
    typeOnly: boolean,
    node: ts.Node,
  ): void => {
    facts.imports.push({ specifier, kind, typeOnly, names, at: span(node) });
  };

  const declare = (name: string, kind: DeclKind, node: ts.Node): void => {
    facts.declarations.push({ name, kind, at: span(node) });
  };

  const newFunction = (
    node: ts.SignatureDeclaration,
    name: string,
    qualifiedName: string,
    nameNode: ts.Node,
    ctx: Ctx,
    exported: boolean,
    className?: string,
  ): FnBuilder => {
    const typeParams = new Set((node.typeParameters ?? []).map((t) => t.name.text));
    const fact: FunctionFact = {
      name,
      qualifiedName,
      ...(className ? { className } : {}),
      isStatic: hasModifier(node, SK.StaticKeyword),
      isAsync: hasModifier(node, SK.AsyncKeyword),
      isGenerator: 'asteriskToken' in node && node.asteriskToken !== undefined,
      typeParams: [...typeParams],
      returnType: classifyDeclaredType(node.type, typeParams),
      ...(node.type ? { returnTypeText: node.type.getText(sf) } : {}),
      returns: [],
      constructs: [],
      params: node.parameters.map((p) => {
        const name = ts.isIdentifier(p.name) ? p.name.text : p.name.getText(sf);
        return p.type ? { name, type: p.type.getText(sf) } : { name };
      }),
      exported,
      at: span(node),
      nameAt: span(nameNode),
    };
    facts.functions.push(fact);
    const b = newBuilder(fact);
    scopeChain.set(b, ctx.fn);
    return b;
  };

  /** Walk a function body with a builder; afterwards resolve returned identifiers through local assignments. */
  const walkFunction = (node: ts.SignatureDeclaration, builder: FnBuilder, ctx: Ctx): void => {
    if (!scopeChain.has(builder)) scopeChain.set(builder, ctx.fn);
    builder.params ??= new Set();
    for (const p of node.parameters) {
      for (const n of bindingNames(p.name)) {
        builder.locals.add(n);
        builder.params.add(n);
      }
    }
    const inner: Ctx = {
      ...ctx,
      fn: builder,
      enclosing: builder.fact ? builder.fact.qualifiedName : ctx.enclosing,
      inCatch: builder.fact ? false : ctx.inCatch,
      inFallback: builder.fact ? false : ctx.inFallback,
      inConstructor: node.kind === SK.Constructor,
    };
    for (const p of node.parameters) if (p.initializer) visit(p.initializer, inner);
    const body = (node as ts.FunctionLikeDeclaration).body;
    if (!body) return;
    if (ts.isBlock(body)) visit(body, inner);
    else {
      keepValue(body, inner);
      visit(body, inner);
      classifyReturn(body, builder.fact ? builder.fact.returns : [], (id) => builder.returnIdents.push(id));
      (builder.returnExprs ??= []).push(body);
    }
    finishNews(builder);
    if (builder.fact) {
      finishReturns(builder);
      deriveReturns(node, builder, inner);
    }
  };

  /** A key function's `derives`: every return a derivable value, parameters written `$i`. */
  const deriveReturns = (node: ts.SignatureDeclaration, b: FnBuilder, ctx: Ctx): void => {
    const fact = b.fact!;
    const returns = b.returnExprs ?? [];
    if (fact.isAsync || fact.isGenerator || returns.length === 0 || returns.length > 4) return;
    if (!returns.every((r) => looksDerivable(r))) return;
    const params = node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    // Without parameters only a generated value makes a key function (`newSessionKey()`).
    if (params.length === 0 && !returns.some((r) => findNondeterministicSources(r).length > 0) && !returns.some((r) => ts.isIdentifier(unwrap(r)))) return;
    const scope: DeriveScope = {
      ...keyScope(ctx),
      paramIndex: (name) => (params.includes(name) ? params.indexOf(name) : undefined),
    };
    const options = returns.map((r) => deriveKey(r, scope));
    const parts: KeyPart[] = options.length === 1 ? options[0]!.parts : [choice(options)];
    if (parts.length === 0 || !derivable(parts)) return;
    if (params.length === 0 && !hasSource(parts)) return;
    fact.derives = { text: returns.map((r) => normaliseKey(nodeText(unwrap(r)))).join(' | '), parts };
  };

  const finishReturns = (b: FnBuilder): void => {
    const fact = b.fact!;
    const seen = new Set<string>();
    const resolveIdent = (id: string, depth: number): void => {
      if (seen.has(id) || depth > 4) {
        fact.returns.push({ kind: 'unknown' });
        return;
      }
      seen.add(id);
      const assigned = b.assigns.get(id);
      if (assigned && assigned.length > 0) {
        for (const a of assigned) classifyReturn(a, fact.returns, (next) => resolveIdent(next, depth + 1));
        return;
      }
      if (b.locals.has(id)) {
        fact.returns.push({ kind: 'unknown' }); // a parameter or a local never assigned here
        return;
      }
      // A module-level name: let the linker look at its binding.
      fact.returns.push({ kind: 'call', callee: `#ref:${id}` });
    };
    for (const id of b.returnIdents) resolveIdent(id, 0);
    fact.returns = dedupeShapes(fact.returns);
  };

  /** At the end of any function: `const m = new X(); …; return m` / `map.set(k, m)` keeps the instance. */
  const finishNews = (b: FnBuilder): void => {
    for (const id of b.returnIdents) b.keptLocals.add(id);
    for (const { fact, local } of b.newsInLocals) {
      if (b.keptLocals.has(local)) fact.kept = true;
      if (b.cachedLocals.has(local)) fact.cached = fact.kept = true;
    }
  };

  const visitClass = (node: ts.ClassLikeDeclaration, ctx: Ctx, exported: boolean, nameOverride?: string): void => {
    const name = node.name?.text ?? nameOverride ?? 'default';
    const isAbstract = hasModifier(node, SK.AbstractKeyword);
    let ext: string | undefined;
    const impl: string[] = [];
    for (const h of node.heritageClauses ?? []) {
      for (const t of h.types) {
        const n = dottedName(t.expression) ?? t.expression.getText(sf);
        if (h.token === SK.ExtendsKeyword) ext = n;
        else impl.push(n);
      }
    }
    const cls: ClassFact = {
      name,
      kind: isAbstract ? 'abstract-class' : 'class',
      exported,
      at: span(node),
      nameAt: span(node.name ?? node),
      ...(ext ? { extends: ext } : {}),
      implements: impl,
      members: [],
      ctorParams: [],
      fieldRefs: [],
      decorators: (ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : []).map(
        (d) => dottedName(ts.isCallExpression(d.expression) ? d.expression.expression : d.expression) ?? '',
      ),
      mutatedFields: [],
    };
    facts.classes.push(cls);
    const inner: Ctx = { ...ctx, className: name, cls, inCatch: false, inFallback: false };
    // Methods with a body, by name and kind: a second one replaces the first (overload signatures have no body).
    const methodBodies = new Map<string, ts.Node>();
    for (const m of node.members) {
      const mName = m.name ? propName(m.name) : undefined;
      if (mName !== undefined && m.name && (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) && m.body) {
        const key = `${hasModifier(m, SK.StaticKeyword) ? 'static ' : ''}${m.kind}:${mName}`;
        const earlier = methodBodies.get(key);
        if (earlier) (facts.redefinitions ??= []).push({ name: mName, kind: 'method', className: name, at: span(m.name), earlier: span(earlier) });
        methodBodies.set(key, m.name);
      }
      const isStatic = hasModifier(m, SK.StaticKeyword);
      const memberAbstract = hasModifier(m, SK.AbstractKeyword);
      if (ts.isConstructorDeclaration(m)) {
        cls.members.push({ name: 'constructor', kind: 'constructor', isStatic: false, isAbstract: false, at: span(m) });
        for (const p of m.parameters) {
          const pn = ts.isIdentifier(p.name) ? p.name.text : p.name.getText(sf);
          cls.ctorParams.push({ name: pn, ...(p.type ? { type: p.type.getText(sf) } : {}), ...(p.questionToken || p.initializer ? { optional: true as const } : {}) });
          if (ts.canHaveModifiers(p) && (ts.getModifiers(p)?.length ?? 0) > 0 && ts.isIdentifier(p.name)) {
            cls.members.push({ name: pn, kind: 'field', isStatic: false, isAbstract: false, init: { kind: 'none' }, at: span(p) });
          }
        }
        if (m.body) {
          const b = newFunction(m, 'constructor', `${name}.constructor`, m, inner, false, name);
          walkFunction(m, b, inner);
          collectFieldRefs(m.body, cls, b, inner);
        }
        continue;
      }
      if (mName === undefined) {
        visitChildren(m, inner);
        continue;
      }
      if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
        cls.members.push({
          name: mName,
          kind: ts.isMethodDeclaration(m) ? 'method' : 'accessor',
          isStatic,
          isAbstract: memberAbstract,
          at: span(m),
        });
        if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
          const b = newFunction(m, mName, `${name}.${mName}`, m.name, inner, false, name);
          b.fact!.isStatic = isStatic;
          if (hasModifier(m, SK.PrivateKeyword) || ts.isPrivateIdentifier(m.name)) b.fact!.isPrivate = true;
          walkFunction(m, b, inner);
        } else {
          walkFunction(m, newBuilder(undefined), inner);
        }
        continue;
      }
      if (ts.isPropertyDeclaration(m)) {
        const init = classifyInit(m.initializer);
        const member: MemberFact = {
          name: mName,
          kind: 'field',
          isStatic,
          isAbstract: memberAbstract,
          init,
          readonly: hasModifier(m, SK.ReadonlyKeyword),
          at: span(m),
        };
        cls.members.push(member);
        if (m.initializer) {
          const initExpr = unwrap(m.initializer);
          if (isStatic && ts.isNewExpression(initExpr)) storedAt.set(initExpr, { kind: 'static', className: name, name: mName });
          markFlow(m.initializer, 'kept');
          if (!isStatic && init.kind === 'alias' && isModuleName(init.ref.split('.')[0]!, inner)) {
            cls.fieldRefs.push({ field: mName, ref: init.ref, at: span(m) });
          }
          if (ts.isArrowFunction(initExpr) || ts.isFunctionExpression(initExpr)) {
            const b = newFunction(initExpr, mName, `${name}.${mName}`, m.name, inner, false, name);
            b.fact!.isStatic = isStatic;
            walkFunction(initExpr, b, inner);
          } else {
            visit(m.initializer, inner);
          }
        }
        continue;
      }
      visitChildren(m, inner);
    }
  };

  /** `this.x = MODULE_VALUE` in a constructor: an instance field pointing at one module-level value. */
  const collectFieldRefs = (body: ts.Block, cls: ClassFact, b: FnBuilder, ctx: Ctx): void => {
    const inner: Ctx = { ...ctx, fn: b };
    const walk = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken) {
        const target = dottedName(n.left);
        if (target && target.startsWith('this.') && target.split('.').length === 2) {
          const field = target.slice(5);
          const init = classifyInit(n.right);
          if (init.kind === 'alias' && isModuleName(init.ref.split('.')[0]!, inner)) {
            cls.fieldRefs.push({ field, ref: init.ref, at: span(n) });
          }
          const declared = cls.members.find((m) => m.name === field && !m.isStatic);
          if (!declared) {
            cls.members.push({ name: field, kind: 'field', isStatic: false, isAbstract: false, init, at: span(n) });
          } else if (declared.kind === 'field' && declared.init?.kind === 'none') {
            // `private managers: Map<…>;` initialised in the constructor.
            declared.init = init;
          }
        }
      }
      if (ts.isFunctionLike(n)) return;
      ts.forEachChild(n, walk);
    };
    ts.forEachChild(body, walk);
  };

  const visitInterface = (node: ts.InterfaceDeclaration, exported: boolean): void => {
    facts.classes.push({
      name: node.name.text,
      kind: 'interface',
      exported,
      at: span(node),
      nameAt: span(node.name),
      implements: (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => dottedName(t.expression) ?? '')),
      members: node.members.flatMap((m): MemberFact[] => {
        const n = propName(m.name);
        if (n === undefined) return [];
        return [{ name: n, kind: ts.isMethodSignature(m) ? 'method' : 'field', isStatic: false, isAbstract: true, at: span(m) }];
      }),
      ctorParams: [],
      fieldRefs: [],
      decorators: [],
      mutatedFields: [],
    });
  };

  const visitEnum = (node: ts.EnumDeclaration, exported: boolean): void => {
    facts.classes.push({
      name: node.name.text,
      kind: 'enum',
      exported,
      at: span(node),
      nameAt: span(node.name),
      implements: [],
      members: node.members.flatMap((m): MemberFact[] => {
        const n = propName(m.name);
        return n === undefined ? [] : [{ name: n, kind: 'field', isStatic: true, isAbstract: false, readonly: true, init: { kind: 'primitive' }, at: span(m) }];
      }),
      ctorParams: [],
      fieldRefs: [],
      decorators: [],
      mutatedFields: [],
    });
  };

  /** A variable declarator anywhere: functions named by their variable, registries, locals. */
  const visitVariable = (d: ts.VariableDeclaration, ctx: Ctx, topLevel: boolean, exported: boolean, declKind: 'const' | 'let' | 'var'): void => {
    const names = bindingNames(d.name);
    if (!topLevel && ctx.fn) for (const n of names) ctx.fn.locals.add(n);
    const init = d.initializer;
    if (!ts.isIdentifier(d.name)) {
      if (topLevel) {
        // `const { A, B: C } = require('./x')`: imports, not declarations.
        if (init && ts.isCallExpression(unwrap(init)) && ts.isObjectBindingPattern(d.name)) {
          const call = unwrap(init) as ts.CallExpression;
          const spec = requireSpecifier(call);
          if (spec !== undefined) {
            addImport(
              spec,
              'require',
              d.name.elements.flatMap((el) => {
                const local = ts.isIdentifier(el.name) ? el.name.text : undefined;
                const imported = el.propertyName ? propName(el.propertyName) : local;
                return local && imported ? [{ imported, local, typeOnly: false }] : [];
              }),
              false,
              d,
            );
            return;
          }
        }
        for (const n of names) {
          facts.bindings.push({ name: n, declKind, exported, init: { kind: 'other' }, at: span(d), nameAt: span(d) });
          declare(n, 'variable', d);
        }
      }
      if (init) visit(init, ctx);
      return;
    }
    const name = d.name.text;
    if (!topLevel && ctx.fn && init) {
      const list = ctx.fn.assigns.get(name) ?? [];
      list.push(init);
      ctx.fn.assigns.set(name, list);
      markFlow(init, { local: name });
    }
    if (topLevel && init) markFlow(init, 'kept');
    // `const X = require('./x')`: an import, not a declaration.
    if (topLevel && init && ts.isCallExpression(unwrap(init))) {
      const spec = requireSpecifier(unwrap(init) as ts.CallExpression);
      if (spec !== undefined) {
        addImport(spec, 'require', [{ imported: '*', local: name, typeOnly: false }], false, d);
        return;
      }
    }
    if (topLevel) {
      declare(name, 'variable', d);
      // `const X: Readonly<T> = {…}` / `readonly T[]`: immutable by declaration.
      const readonlyType = d.type !== undefined && /^(Readonly(Array|Map|Set)?\s*<|readonly\s)/.test(d.type.getText(sf));
      facts.bindings.push({ name, declKind, exported, init: readonlyType ? { kind: 'frozen' } : classifyInit(init), at: span(d), nameAt: span(d.name) });
    }
    if (!init) return;
    const e = unwrap(init);
    if ((ts.isArrowFunction(e) || ts.isFunctionExpression(e)) && (topLevel || ctx.fn)) {
      const qualified = topLevel ? name : `${ctx.enclosing}.${name}`;
      const b = newFunction(e, name, qualified, d.name, ctx, exported);
      b.fact!.isAsync = hasModifier(e, SK.AsyncKeyword);
      walkFunction(e, b, ctx);
      return;
    }
    if (ts.isClassExpression(e)) {
      if (topLevel) facts.declarations[facts.declarations.length - 1]!.kind = 'class';
      visitClass(e, ctx, exported, name);
      return;
    }
    if (topLevel && ts.isNewExpression(e)) storedAt.set(e, { kind: 'module', name });
    if (ts.isCallExpression(e) && isCreateRegistry(dottedName(e.expression))) {
      visitRegistryCall(e, ctx, name);
      return;
    }
    visit(init, ctx);
  };

  const visitRegistryCall = (call: ts.CallExpression, ctx: Ctx, name: string): void => {
    const reg: RegistryFact = { name, callee: dottedName(call.expression) ?? 'createRegistry', creates: [], at: span(call) };
    facts.registries.push(reg);
    const opts = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    visit(call.expression, ctx);
    if (!opts || !ts.isObjectLiteralExpression(opts)) {
      for (const a of call.arguments) visit(a, ctx);
      return;
    }
    for (const p of opts.properties) {
      const pn = p.name ? propName(p.name) : undefined;
      if (pn === 'name' && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) reg.label = p.initializer.text;
      if (pn === 'key') deriveRegistryKey(p, reg, ctx);
      visit(p, pn === 'create' ? { ...ctx, registry: reg } : ctx);
    }
  };

  /** The registry's `key` option: an inline key function, or a named one applied to the input. */
  const deriveRegistryKey = (p: ts.ObjectLiteralElementLike, reg: RegistryFact, ctx: Ctx): void => {
    const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    const fn = ts.isMethodDeclaration(p) ? p : value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
    if (fn) {
      const params = new Set(fn.parameters.flatMap((x) => bindingNames(x.name)));
      const scope: DeriveScope = {
        ...keyScope(ctx),
        isLocal: (n) => params.has(n) || isShadowed(n, ctx),
        isParam: (n) => params.has(n),
        assigned: (n) => (params.has(n) ? undefined : declaringFn(n, ctx)?.assigns.get(n)),
      };
      const returns = fn.body ? (ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body]) : [];
      if (returns.length === 0 || returns.length > 4) return;
      const options = returns.map((r) => deriveKey(r, scope));
      reg.key = options.length === 1 ? options[0]! : { text: options.map((o) => o.text).join(' | '), parts: [choice(options)] };
    } else if (value) {
      const callee = dottedName(value);
      if (callee === undefined) return;
      const input: KeyDerivation = { text: 'input', parts: [{ kind: 'ref', path: 'input', opaque: true }] };
      reg.key = { text: `${callee}(input)`, parts: [{ kind: 'call', callee, args: [input], text: `${callee}(input)` }] };
    } else return;
    reg.keyAt = span(p);
  };

  const requireSpecifier = (call: ts.CallExpression): string | undefined => {
    if (ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
      const a = call.arguments[0]!;
      if (ts.isStringLiteralLike(a)) return a.text;
    }
    return undefined;
  };

  const recordCall = (call: ts.CallExpression, ctx: Ctx, awaited: boolean): void => {
    if (call.expression.kind === SK.ImportKeyword) {
      const a = call.arguments[0];
      if (a && ts.isStringLiteralLike(a)) addImport(a.text, 'dynamic', [], false, call);
      return;
    }
    const spec = requireSpecifier(call);
    if (spec !== undefined) {
      // A require not bound at module level (inside a function, or bare): a runtime edge, lazy inside a function.
      addImport(spec, 'require', [], false, call);
      if (ctx.fn) facts.imports[facts.imports.length - 1]!.lazy = true;
      return;
    }
    const callee = dottedName(call.expression);
    if (callee === undefined) return;
    const root = callee.slice(0, callee.includes('.') ? callee.indexOf('.') : undefined);
    const local = root !== 'this' && root !== 'super' && ctx.fn !== undefined && isShadowed(root, ctx);
    // Two literal shapes, not a spread: this runs for every call in the project.
    const at = span(call);
    facts.calls.push(
      local
        ? { callee, local, awaited, enclosing: ctx.enclosing, inCatch: ctx.inCatch, inFallback: ctx.inFallback, at }
        : { callee, awaited, enclosing: ctx.enclosing, inCatch: ctx.inCatch, inFallback: ctx.inFallback, at },
    );
    const dot = callee.lastIndexOf('.');
    if (dot > 0 && call.arguments.length > 0) {
      const method = callee.slice(dot + 1);
      const op = KEYED_METHODS.get(method);
      if (op) recordKeyed(callee.slice(0, dot), op, call.arguments[0]!, ctx, call);
      if (op === 'set' && call.arguments[1]) keepValue(call.arguments[1], ctx, receiverScope(callee.slice(0, dot), ctx) !== undefined);
      if (MUTATORS.has(method) && ts.isPropertyAccessExpression(call.expression)) noteMutation(call.expression.expression, ctx, true);
    }
    if (callee === 'Object.assign' && call.arguments[0]) noteMutation(call.arguments[0], ctx, true);
  };

  const isMissingCheck = (cond: ts.Expression): boolean => {
    const c = unwrap(cond);
    if (ts.isPrefixUnaryExpression(c) && c.operator === SK.ExclamationToken) return true;
    if (ts.isBinaryExpression(c)) {
      const op = c.operatorToken.kind;
      const isEq = op === SK.EqualsEqualsToken || op === SK.EqualsEqualsEqualsToken;
      const right = unwrap(c.right);
      return isEq && (right.kind === SK.NullKeyword || (ts.isIdentifier(right) && right.text === 'undefined'));
    }
    return false;
  };

  /**
   * A missing check guards a fallback only when what is missing is the product: the value the
   * branch builds (`if (!m) m = new Manager()`), or a call's result (`let m = peek(); if (!m)`).
   * A field of the object itself (`if (!this.client) this.client = new Client()`, lazy
   * initialisation in the owner), a setting read (`if (!config.url)`) or a parameter the branch
   * does not replace is not.
   */
  const fillsAGap = (cond: ts.Expression, branch: ts.Node, ctx: Ctx): boolean => {
    const c = unwrap(cond);
    const subject = unwrap(ts.isPrefixUnaryExpression(c) ? c.operand : ts.isBinaryExpression(c) ? c.left : c);
    if (ts.isPropertyAccessExpression(subject)) return false;
    if (!ts.isIdentifier(subject)) return true;
    const name = subject.text;
    let assignedHere = false;
    const find = (n: ts.Node): void => {
      if (assignedHere || ts.isFunctionLike(n)) return;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken && ts.isIdentifier(unwrap(n.left)) && (unwrap(n.left) as ts.Identifier).text === name) {
        assignedHere = true;
        return;
      }
      ts.forEachChild(n, find);
    };
    find(branch);
    if (assignedHere) return true;
    const assigns = ctx.fn?.assigns.get(name);
    if (!assigns || assigns.length === 0) return !ctx.fn;
    return assigns.some((e) => {
      let v = unwrap(e);
      if (ts.isAwaitExpression(v)) v = unwrap(v.expression);
      return ts.isCallExpression(v);
    });
  };

  // Children are visited through one shared callback (no closure per node): it reads the context
  // of the innermost visitChildren call, which saves and restores it around nested walks.
  let childCtx: Ctx = MODULE_CTX;
  const visitChild = (c: ts.Node): void => visit(c, childCtx);
  const visitChildren = (node: ts.Node, ctx: Ctx): void => {
    const saved = childCtx;
    childCtx = ctx;
    ts.forEachChild(node, visitChild);
    childCtx = saved;
  };

  // Every recursion of the walk goes through `visit`: its depth is the guard's (see ../nesting.ts).
  let depth = 0;
  const visit = (node: ts.Node, ctx: Ctx): void => {
    if (++depth > MAX_TS_DEPTH) throw new NestingTooDeep();
    visitNode(node, ctx);
    depth--;
  };

  const visitNode = (node: ts.Node, ctx: Ctx): void => {
    // Type positions (`as T`, type arguments, unions, function types…) hold no runtime calls,
    // constructions or state: not walked.
    if (node.kind >= SK.FirstTypeNode && node.kind <= SK.LastTypeNode) return;
    switch (node.kind) {
      case SK.FunctionDeclaration: {
        const f = node as ts.FunctionDeclaration;
        if (!f.body) return;
        const name = f.name?.text ?? 'default';
        if (ctx.fn) ctx.fn.locals.add(name);
        const b = newFunction(f, name, ctx.fn ? `${ctx.enclosing}.${name}` : name, f.name ?? f, ctx, false);
        walkFunction(f, b, ctx);
        return;
      }
      case SK.ArrowFunction:
      case SK.FunctionExpression:
      case SK.MethodDeclaration:
      case SK.GetAccessor:
      case SK.SetAccessor: {
        // Anonymous callbacks and object-literal methods: returns stay theirs, context stays the caller's.
        const f = node as ts.FunctionLikeDeclaration;
        walkFunction(f, newBuilder(undefined), ctx);
        return;
      }
      case SK.ClassDeclaration:
      case SK.ClassExpression:
        visitClass(node as ts.ClassLikeDeclaration, ctx, false);
        return;
      case SK.VariableStatement: {
        const vs = node as ts.VariableStatement;
        const kind = declKindOf(vs.declarationList);
        for (const d of vs.declarationList.declarations) visitVariable(d, ctx, false, false, kind);
        return;
      }
      case SK.VariableDeclarationList: {
        // for (const x of …)
        const list = node as ts.VariableDeclarationList;
        for (const d of list.declarations) visitVariable(d, ctx, false, false, declKindOf(list));
        return;
      }
      case SK.ReturnStatement: {
        const r = node as ts.ReturnStatement;
        if (r.expression) {
          keepValue(r.expression, ctx);
          visit(r.expression, ctx);
          const b = ctx.fn;
          if (b?.fact) {
            classifyReturn(r.expression, b.fact.returns, (id) => b.returnIdents.push(id));
            (b.returnExprs ??= []).push(r.expression);
          }
        }
        return;
      }
      case SK.AwaitExpression: {
        const inner = unwrap((node as ts.AwaitExpression).expression);
        if (ts.isCallExpression(inner)) {
          const recorded = facts.calls.length;
          recordCall(inner, ctx, true);
          // issue 18 (autofix): where the `await` keyword and the blanks after it are, to delete them.
          if (facts.calls.length > recorded) facts.calls[recorded]!.awaitAt = spanBetween(node.getStart(sf), (node as ts.AwaitExpression).expression.getStart(sf));
          visitChildren(inner, ctx);
          return;
        }
        break;
      }
      case SK.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = dottedName(call.expression) ?? '';
        if (isCreateRegistry(callee)) {
          recordCall(call, ctx, false);
          visitRegistryCall(call, ctx, '');
          return;
        }
        recordCall(call, ctx, false);
        break;
      }
      case SK.NewExpression: {
        const n = node as ts.NewExpression;
        const callee = dottedName(n.expression);
        if (callee !== undefined) {
          const storedIn = storedAt.get(n);
          const flow = flowOf.get(n);
          const root = callee.split('.')[0]!;
          const local = ctx.fn !== undefined && isShadowed(root, ctx);
          const fact: NewFact = {
            callee,
            ...(local ? { local } : {}),
            enclosing: ctx.enclosing,
            inCatch: ctx.inCatch,
            inFallback: ctx.inFallback,
            ...(storedIn ? { storedIn } : {}),
            argCount: n.arguments?.length ?? 0,
            kept: flow === 'kept' || flow === 'cached' || storedIn !== undefined,
            cached: flow === 'cached' || storedIn !== undefined,
            thrown: flow === 'thrown',
            at: span(n),
          };
          facts.news.push(fact);
          if (flow && typeof flow === 'object' && ctx.fn) ctx.fn.newsInLocals.push({ fact, local: flow.local });
          if (ctx.fn?.fact && !ctx.fn.fact.constructs.includes(callee)) ctx.fn.fact.constructs.push(callee);
          if (ctx.registry && !ctx.registry.creates.includes(callee)) ctx.registry.creates.push(callee);
        }
        break;
      }
      case SK.ThrowStatement: {
        const t = node as ts.ThrowStatement;
        markFlow(t.expression, 'thrown');
        break;
      }
      case SK.CatchClause: {
        const c = node as ts.CatchClause;
        if (c.variableDeclaration && ctx.fn) for (const n of bindingNames(c.variableDeclaration.name)) ctx.fn.locals.add(n);
        visit(c.block, { ...ctx, inCatch: true });
        return;
      }
      case SK.IfStatement: {
        const s = node as ts.IfStatement;
        visit(s.expression, ctx);
        visit(s.thenStatement, isMissingCheck(s.expression) && fillsAGap(s.expression, s.thenStatement, ctx) ? { ...ctx, inFallback: true } : ctx);
        if (s.elseStatement) visit(s.elseStatement, ctx);
        return;
      }
      case SK.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (
          op === SK.QuestionQuestionToken ||
          op === SK.BarBarToken ||
          op === SK.QuestionQuestionEqualsToken ||
          op === SK.BarBarEqualsToken
        ) {
          visit(b.left, ctx);
          visit(b.right, { ...ctx, inFallback: true });
          return;
        }
        if (op >= SK.FirstCompoundAssignment && op <= SK.LastCompoundAssignment) noteMutation(b.left, ctx);
        if (op === SK.EqualsToken) {
          const left = unwrap(b.left);
          const right = unwrap(b.right);
          noteMutation(left, ctx);
          if (ts.isIdentifier(left)) {
            if (ctx.fn && !isModuleName(left.text, ctx)) {
              const list = ctx.fn.assigns.get(left.text) ?? [];
              list.push(b.right);
              ctx.fn.assigns.set(left.text, list);
              markFlow(b.right, { local: left.text });
            } else if (isModuleName(left.text, ctx)) {
              if (ts.isNewExpression(right)) storedAt.set(right, { kind: 'module', name: left.text });
              keepValue(b.right, ctx, true);
            }
          } else if (ts.isElementAccessExpression(left)) {
            const recv = dottedName(left.expression);
            keepValue(b.right, ctx, recv !== undefined && receiverScope(recv, ctx) !== undefined);
            if (recv) recordKeyed(recv, 'set', left.argumentExpression, ctx, left);
            visit(left.expression, ctx);
            visit(left.argumentExpression, ctx);
            visit(b.right, ctx);
            return;
          } else if (ts.isPropertyAccessExpression(left)) {
            keepValue(b.right, ctx);
          }
          if (ts.isPropertyAccessExpression(left) && ts.isNewExpression(right)) {
            const target = dottedName(left);
            const parts = target?.split('.') ?? [];
            if (parts.length === 2 && classNames.has(parts[0]!) && isModuleName(parts[0]!, ctx)) {
              storedAt.set(right, { kind: 'static', className: parts[0]!, name: parts[1]! });
            } else if (parts.length === 2 && parts[0] === 'this' && ctx.className && ctx.fn?.fact?.isStatic) {
              storedAt.set(right, { kind: 'static', className: ctx.className, name: parts[1]! });
            }
          }
        }
        break;
      }
      case SK.DeleteExpression: {
        const target = unwrap((node as ts.DeleteExpression).expression);
        noteMutation(target, ctx);
        if (ts.isElementAccessExpression(target)) {
          const recv = dottedName(target.expression);
          if (recv) recordKeyed(recv, 'delete', target.argumentExpression, ctx, node);
          visit(target.argumentExpression, ctx);
          return;
        }
        break;
      }
      case SK.ElementAccessExpression: {
        const ea = node as ts.ElementAccessExpression;
        const recv = dottedName(ea.expression);
        const arg = unwrap(ea.argumentExpression);
        if (recv && !ts.isNumericLiteral(arg) && !ts.isStringLiteralLike(arg)) recordKeyed(recv, 'get', ea.argumentExpression, ctx, ea);
        break;
      }
      // Type positions never hold runtime calls, constructions or state.
      case SK.InterfaceDeclaration:
      case SK.TypeAliasDeclaration:
      case SK.ImportDeclaration:
        return;
    }
    visitChildren(node, ctx);
  };

  // ---- top level: declarations, imports, exports -------------------------------------------
  const functionBodies = new Map<string, ts.Node>();
  for (const st of sf.statements) {
    const exported = hasModifier(st, SK.ExportKeyword);
    const isDefault = hasModifier(st, SK.DefaultKeyword);
    if (ts.isImportDeclaration(st)) {
      if (!ts.isStringLiteralLike(st.moduleSpecifier)) continue;
      const spec = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) {
        addImport(spec, 'side-effect', [], false, st);
        continue;
      }
      const stmtType = clause.isTypeOnly;
      const names: FileFacts['imports'][number]['names'] = [];
      if (clause.name) names.push({ imported: 'default', local: clause.name.text, typeOnly: stmtType });
      if (clause.namedBindings) {
        if (ts.isNamespaceImport(clause.namedBindings)) {
          names.push({ imported: '*', local: clause.namedBindings.name.text, typeOnly: stmtType });
        } else {
          for (const el of clause.namedBindings.elements) {
            names.push({
              imported: el.propertyName ? propName(el.propertyName as ts.PropertyName) ?? el.name.text : el.name.text,
              local: el.name.text,
              typeOnly: stmtType || el.isTypeOnly,
              at: span(el),
            });
          }
        }
      }
      addImport(spec, 'static', names, stmtType || (names.length > 0 && names.every((n) => n.typeOnly)), st);
      continue;
    }
    if (ts.isImportEqualsDeclaration(st)) {
      const ref = st.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)) {
        addImport(ref.expression.text, 'require', [{ imported: '*', local: st.name.text, typeOnly: st.isTypeOnly }], st.isTypeOnly, st);
      }
      continue;
    }
    if (ts.isExportDeclaration(st)) {
      const from = st.moduleSpecifier && ts.isStringLiteralLike(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (from !== undefined) {
        if (!clause) facts.exports.push({ kind: 'star', from, typeOnly: st.isTypeOnly, at: span(st) });
        else if (ts.isNamespaceExport(clause)) {
          facts.exports.push({ kind: 'reexport', from, imported: '*', exported: propName(clause.name as ts.PropertyName) ?? '*', typeOnly: st.isTypeOnly, at: span(st) });
        } else {
          for (const el of clause.elements) {
            const exportedName = propName(el.name as ts.PropertyName) ?? el.name.getText(sf);
            const imported = el.propertyName ? propName(el.propertyName as ts.PropertyName) ?? exportedName : exportedName;
            facts.exports.push({ kind: 'reexport', from, imported, exported: exportedName, typeOnly: st.isTypeOnly || el.isTypeOnly, at: span(el) });
          }
        }
        addImport(from, 'reexport', [], st.isTypeOnly || (!!clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly)), st);
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          const exportedName = propName(el.name as ts.PropertyName) ?? el.name.getText(sf);
          const local = el.propertyName ? propName(el.propertyName as ts.PropertyName) ?? exportedName : exportedName;
          facts.exports.push({ kind: 'local', exported: exportedName, local, typeOnly: st.isTypeOnly || el.isTypeOnly, at: span(el) });
        }
      }
      continue;
    }
    if (ts.isExportAssignment(st)) {
      const e = unwrap(st.expression);
      if (ts.isIdentifier(e)) {
        facts.exports.push({ kind: 'local', exported: 'default', local: e.text, typeOnly: false, at: span(st) });
        continue;
      }
      if (ts.isClassExpression(e)) {
        declare('default', 'class', st);
        visitClass(e, MODULE_CTX, true, e.name?.text ?? 'default');
        facts.exports.push({ kind: 'local', exported: 'default', local: e.name?.text ?? 'default', typeOnly: false, at: span(st) });
        continue;
      }
      // `export default new X()`, `export default { … }`: a module-level value named 'default'.
      declare('default', 'variable', st);
      facts.bindings.push({ name: 'default', declKind: 'const', exported: true, init: classifyInit(st.expression), at: span(st), nameAt: span(st) });
      facts.exports.push({ kind: 'local', exported: 'default', local: 'default', typeOnly: false, at: span(st) });
      if (ts.isNewExpression(e)) storedAt.set(e, { kind: 'module', name: 'default' });
      visit(st.expression, MODULE_CTX);
      continue;
    }
    if (ts.isClassDeclaration(st)) {
      const name = st.name?.text ?? 'default';
      declare(name, hasModifier(st, SK.AbstractKeyword) ? 'abstract-class' : 'class', st);
      if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : name, local: name, typeOnly: false, at: span(st) });
      visitClass(st, MODULE_CTX, exported);
      continue;
    }
    if (ts.isFunctionDeclaration(st)) {
      const name = st.name?.text ?? 'default';
      declare(name, 'function', st);
      if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : name, local: name, typeOnly: false, at: span(st) });
      if (!st.body) continue; // overload signature
      // A second function declaration of one name replaces the first (JavaScript; an error in TypeScript).
      const earlier = functionBodies.get(name);
      if (earlier && st.name) (facts.redefinitions ??= []).push({ name, kind: 'function', at: span(st.name), earlier: span(earlier) });
      functionBodies.set(name, st.name ?? st);
      const b = newFunction(st, name, name, st.name ?? st, MODULE_CTX, exported);
      walkFunction(st, b, MODULE_CTX);
      continue;
    }
    if (ts.isInterfaceDeclaration(st)) {
      declare(st.name.text, 'interface', st);
      if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : st.name.text, local: st.name.text, typeOnly: true, at: span(st) });
      visitInterface(st, exported);
      continue;
    }
    if (ts.isTypeAliasDeclaration(st)) {
      declare(st.name.text, 'type', st);
      if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: true, at: span(st) });
      continue;
    }
    if (ts.isEnumDeclaration(st)) {
      declare(st.name.text, 'enum', st);
      if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: false, at: span(st) });
      visitEnum(st, exported);
      continue;
    }
    if (ts.isModuleDeclaration(st)) {
      if (ts.isIdentifier(st.name)) {
        declare(st.name.text, 'namespace', st);
        if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: false, at: span(st) });
      }
      continue;
    }
    if (ts.isVariableStatement(st)) {
      const kind = declKindOf(st.declarationList);
      for (const d of st.declarationList.declarations) {
        visitVariable(d, MODULE_CTX, true, exported, kind);
        if (exported) for (const n of bindingNames(d.name)) facts.exports.push({ kind: 'local', exported: n, local: n, typeOnly: false, at: span(d) });
      }
      continue;
    }
    if (ts.isExpressionStatement(st) && visitCommonJsExport(st)) continue;
    visit(st, MODULE_CTX);
  }

  /** `module.exports = X`, `module.exports = { A, B: C }`, `module.exports.A = X`, `exports.A = X`. */
  function visitCommonJsExport(st: ts.ExpressionStatement): boolean {
    const e = st.expression;
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== SK.EqualsToken) return false;
    const target = dottedName(e.left);
    if (!target) return false;
    let exportedName: string | undefined;
    if (target === 'module.exports') exportedName = 'default';
    else if (/^(module\.)?exports\.[^.]+$/.test(target)) exportedName = target.slice(target.lastIndexOf('.') + 1);
    if (exportedName === undefined) return false;
    const value = unwrap(e.right);
    if (ts.isIdentifier(value)) {
      facts.exports.push({ kind: 'local', exported: exportedName, local: value.text, typeOnly: false, at: span(st) });
    } else if (exportedName === 'default' && ts.isObjectLiteralExpression(value)) {
      for (const p of value.properties) {
        if (ts.isShorthandPropertyAssignment(p)) {
          facts.exports.push({ kind: 'local', exported: p.name.text, local: p.name.text, typeOnly: false, at: span(p) });
        } else if (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrap(p.initializer))) {
          const n = propName(p.name);
          if (n) facts.exports.push({ kind: 'local', exported: n, local: (unwrap(p.initializer) as ts.Identifier).text, typeOnly: false, at: span(p) });
        }
      }
      visit(value, MODULE_CTX);
    } else if (ts.isClassExpression(value)) {
      const name = value.name?.text ?? exportedName;
      declare(name, 'class', st);
      visitClass(value, MODULE_CTX, true, name);
      facts.exports.push({ kind: 'local', exported: exportedName, local: name, typeOnly: false, at: span(st) });
    } else {
      const local = exportedName === 'default' ? 'default' : exportedName;
      declare(local, 'variable', st);
      facts.bindings.push({ name: local, declKind: 'assign', exported: true, init: classifyInit(e.right), at: span(st), nameAt: span(e.left) });
      facts.exports.push({ kind: 'local', exported: exportedName, local, typeOnly: false, at: span(st) });
      if (ts.isNewExpression(value)) storedAt.set(value, { kind: 'module', name: local });
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
        const b = newFunction(value, local, local, e.left, MODULE_CTX, true);
        b.fact!.isAsync = hasModifier(value, SK.AsyncKeyword);
        walkFunction(value, b, MODULE_CTX);
      } else {
        visit(e.right, MODULE_CTX);
      }
    }
    return true;
  }

  markElidedImports(sf, facts);
  facts.suppressions = extractSuppressions(text, sf);
  return facts;
}

/** TypeScript drops an import whose bindings are never used as values: it is no runtime edge. */
function markElidedImports(sf: ts.SourceFile, facts: FileFacts): void {
  if (facts.language !== 'typescript') return;
  const candidates = facts.imports.filter((i) => i.kind === 'static' && !i.typeOnly && i.names.length > 0);
  if (candidates.length === 0) return;
  const used = valueUses(sf, new Set(candidates.flatMap((i) => i.names.map((n) => n.local))));
  // A local export of an imported name (`export { A }`) keeps the import.
  for (const e of facts.exports) if (e.kind === 'local' && !e.typeOnly) used.add(e.local);
  for (const imp of candidates) if (imp.names.every((n) => n.typeOnly || !used.has(n.local))) imp.elided = true;
}

function declKindOf(list: ts.VariableDeclarationList): 'const' | 'let' | 'var' {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}


export { normaliseKey };

const SUPPRESSION = /\/[/*]\s*ssot-ignore-(next-line|line|file)\b([^\n*]*?)(?:--\s*([^\n]*?))?\s*(?:\*\/)?\s*$/gm;

/**
 * `// ssot-ignore-next-line rule-a, rule-b -- reason` and its `-line` / `-file` forms (also as block
 * comments). With the parsed file, only a comment that starts with the directive counts: the same
 * text inside a string, a template, a regular expression or another comment (documentation that
 * mentions the syntax) is not a suppression.
 */
export function extractSuppressions(text: string, sf?: ts.SourceFile): FileFacts['suppressions'] {
  if (!text.includes('ssot-ignore')) return [];
  const out: FileFacts['suppressions'] = [];
  for (const m of text.matchAll(SUPPRESSION)) {
    if (sf && !startsComment(sf, m.index)) continue;
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const column = m.index - before.lastIndexOf('\n');
    const kind = m[1] as 'next-line' | 'line' | 'file';
    const rules = (m[2] ?? '')
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const reason = m[3]?.trim();
    out.push({
      kind,
      rules,
      ...(reason ? { reason } : {}),
      line: kind === 'next-line' ? line + 1 : line,
      at: { line, column, endLine: line, endColumn: column + m[0].trimEnd().length },
    });
  }
  return out;
}

/** Does a comment start exactly at `pos`? Finds the token whose leading trivia holds `pos`. */
function startsComment(sf: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    const next = node.getChildren(sf).find((c) => c.pos <= pos && pos < c.end);
    if (!next) return false;
    // Inside a JSDoc block: text in a comment, not a comment of its own.
    if (next.kind >= SK.FirstJSDocNode && next.kind <= SK.LastJSDocNode) return false;
    node = next;
    if (node.kind < SK.FirstNode || node.getChildCount(sf) === 0) break;
  }
  if (pos >= node.getStart(sf)) return false; // inside the token's own text (a literal)
  // Trivia before a token: comments on the previous token's line ("trailing"), then the rest ("leading").
  const ranges = [...(ts.getTrailingCommentRanges(sf.text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(sf.text, node.pos) ?? [])];
  return ranges.some((r) => r.pos === pos);
}

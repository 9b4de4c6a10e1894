/**
 * Declarations and members: functions (with their return shapes, constructions and key derivation),
 * classes with their members, constructor parameters and field references, interfaces, enums, and
 * variables (module bindings, locals, functions and classes named by their variable).
 */
import { ts } from '../ts.js';
import type { ClassFact, DeclKind, FunctionFact, MemberFact } from '../../../model/facts.js';
import { dedupeShapes, resolveReturnedNames } from '../../shared/return-shapes.js';
import { classifyDeclaredType, classifyInit, classifyReturn, dottedName, SK, unwrap } from '../classify.js';
import { addImport, requireSpecifier } from './imports.js';
import { deriveReturns, isCreateRegistry, visitRegistryCall } from './keys.js';
import { bindingNames, hasModifier, isModuleName, keepValue, markFlow, newBuilder, propName, span, type Ctx, type Extraction, type FnBuilder } from './context.js';

export function declare(x: Extraction, name: string, kind: DeclKind, node: ts.Node): void {
  x.facts.declarations.push({ name, kind, at: span(x, node) });
}

export function newFunction(
  x: Extraction,
  node: ts.SignatureDeclaration,
  name: string,
  qualifiedName: string,
  nameNode: ts.Node,
  ctx: Ctx,
  exported: boolean,
  className?: string,
): FnBuilder {
  const sf = x.sf;
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
    at: span(x, node),
    nameAt: span(x, nameNode),
  };
  x.facts.functions.push(fact);
  const b = newBuilder(fact);
  x.scopeChain.set(b, ctx.fn);
  return b;
}

/** Walk a function body with a builder; afterwards resolve returned identifiers through local assignments. */
export function walkFunction(x: Extraction, node: ts.SignatureDeclaration, builder: FnBuilder, ctx: Ctx): void {
  if (!x.scopeChain.has(builder)) x.scopeChain.set(builder, ctx.fn);
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
  for (const p of node.parameters) if (p.initializer) x.visit(p.initializer, inner);
  const body = (node as ts.FunctionLikeDeclaration).body;
  if (!body) return;
  if (ts.isBlock(body)) x.visit(body, inner);
  else {
    keepValue(x, body, inner);
    x.visit(body, inner);
    classifyReturn(body, builder.fact ? builder.fact.returns : [], (id) => builder.returnIdents.push(id));
    (builder.returnExprs ??= []).push(body);
  }
  finishNews(builder);
  if (builder.fact) {
    finishReturns(builder);
    deriveReturns(x, node, builder, inner);
  }
}

/** A function declaration inside a function or block. */
export function visitInnerFunction(x: Extraction, f: ts.FunctionDeclaration, ctx: Ctx): void {
  if (!f.body) return;
  const name = f.name?.text ?? 'default';
  if (ctx.fn) ctx.fn.locals.add(name);
  const b = newFunction(x, f, name, ctx.fn ? `${ctx.enclosing}.${name}` : name, f.name ?? f, ctx, false);
  walkFunction(x, f, b, ctx);
}

/** `return e`: the value is kept, and it is one of the function's return shapes. */
export function visitReturn(x: Extraction, r: ts.ReturnStatement, ctx: Ctx): void {
  if (!r.expression) return;
  keepValue(x, r.expression, ctx);
  x.visit(r.expression, ctx);
  const b = ctx.fn;
  if (b?.fact) {
    classifyReturn(r.expression, b.fact.returns, (id) => b.returnIdents.push(id));
    (b.returnExprs ??= []).push(r.expression);
  }
}

function finishReturns(b: FnBuilder): void {
  const fact = b.fact!;
  resolveReturnedNames(b.returnIdents, fact.returns, (id, follow) => {
    const assigned = b.assigns.get(id);
    if (assigned && assigned.length > 0) {
      for (const a of assigned) classifyReturn(a, fact.returns, follow);
      return;
    }
    if (b.locals.has(id)) {
      fact.returns.push({ kind: 'unknown' }); // a parameter or a local never assigned here
      return;
    }
    // A module-level name: let the linker look at its binding.
    fact.returns.push({ kind: 'call', callee: `#ref:${id}` });
  });
  fact.returns = dedupeShapes(fact.returns);
}

/** At the end of any function: `const m = new X(); …; return m` / `map.set(k, m)` keeps the instance. */
function finishNews(b: FnBuilder): void {
  for (const id of b.returnIdents) b.keptLocals.add(id);
  for (const { fact, local } of b.newsInLocals) {
    if (b.keptLocals.has(local)) fact.kept = true;
    if (b.cachedLocals.has(local)) fact.cached = fact.kept = true;
  }
}

export function visitClass(x: Extraction, node: ts.ClassLikeDeclaration, ctx: Ctx, exported: boolean, nameOverride?: string): void {
  const { facts, sf } = x;
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
    at: span(x, node),
    nameAt: span(x, node.name ?? node),
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
      if (earlier) (facts.redefinitions ??= []).push({ name: mName, kind: 'method', className: name, at: span(x, m.name), earlier: span(x, earlier) });
      methodBodies.set(key, m.name);
    }
    const isStatic = hasModifier(m, SK.StaticKeyword);
    const memberAbstract = hasModifier(m, SK.AbstractKeyword);
    if (ts.isConstructorDeclaration(m)) {
      cls.members.push({ name: 'constructor', kind: 'constructor', isStatic: false, isAbstract: false, at: span(x, m) });
      for (const p of m.parameters) {
        const pn = ts.isIdentifier(p.name) ? p.name.text : p.name.getText(sf);
        cls.ctorParams.push({ name: pn, ...(p.type ? { type: p.type.getText(sf) } : {}), ...(p.questionToken || p.initializer ? { optional: true as const } : {}) });
        if (ts.canHaveModifiers(p) && (ts.getModifiers(p)?.length ?? 0) > 0 && ts.isIdentifier(p.name)) {
          cls.members.push({ name: pn, kind: 'field', isStatic: false, isAbstract: false, init: { kind: 'none' }, at: span(x, p) });
        }
      }
      if (m.body) {
        const b = newFunction(x, m, 'constructor', `${name}.constructor`, m, inner, false, name);
        walkFunction(x, m, b, inner);
        collectFieldRefs(x, m.body, cls, b, inner);
      }
      continue;
    }
    if (mName === undefined) {
      x.visitChildren(m, inner);
      continue;
    }
    if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      cls.members.push({
        name: mName,
        kind: ts.isMethodDeclaration(m) ? 'method' : 'accessor',
        isStatic,
        isAbstract: memberAbstract,
        at: span(x, m),
      });
      if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
        const b = newFunction(x, m, mName, `${name}.${mName}`, m.name, inner, false, name);
        b.fact!.isStatic = isStatic;
        if (hasModifier(m, SK.PrivateKeyword) || ts.isPrivateIdentifier(m.name)) b.fact!.isPrivate = true;
        walkFunction(x, m, b, inner);
      } else {
        walkFunction(x, m, newBuilder(undefined), inner);
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
        at: span(x, m),
      };
      cls.members.push(member);
      if (m.initializer) {
        const initExpr = unwrap(m.initializer);
        if (isStatic && ts.isNewExpression(initExpr)) x.storedAt.set(initExpr, { kind: 'static', className: name, name: mName });
        markFlow(x, m.initializer, 'kept');
        if (!isStatic && init.kind === 'alias' && isModuleName(x, init.ref.split('.')[0]!, inner)) {
          cls.fieldRefs.push({ field: mName, ref: init.ref, at: span(x, m) });
        }
        if (ts.isArrowFunction(initExpr) || ts.isFunctionExpression(initExpr)) {
          const b = newFunction(x, initExpr, mName, `${name}.${mName}`, m.name, inner, false, name);
          b.fact!.isStatic = isStatic;
          walkFunction(x, initExpr, b, inner);
        } else {
          x.visit(m.initializer, inner);
        }
      }
      continue;
    }
    x.visitChildren(m, inner);
  }
}

/** `this.x = MODULE_VALUE` in a constructor: an instance field pointing at one module-level value. */
function collectFieldRefs(x: Extraction, body: ts.Block, cls: ClassFact, b: FnBuilder, ctx: Ctx): void {
  const inner: Ctx = { ...ctx, fn: b };
  const walk = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken) {
      const target = dottedName(n.left);
      if (target && target.startsWith('this.') && target.split('.').length === 2) {
        const field = target.slice(5);
        const init = classifyInit(n.right);
        if (init.kind === 'alias' && isModuleName(x, init.ref.split('.')[0]!, inner)) {
          cls.fieldRefs.push({ field, ref: init.ref, at: span(x, n) });
        }
        const declared = cls.members.find((m) => m.name === field && !m.isStatic);
        if (!declared) {
          cls.members.push({ name: field, kind: 'field', isStatic: false, isAbstract: false, init, at: span(x, n) });
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
}

export function visitInterface(x: Extraction, node: ts.InterfaceDeclaration, exported: boolean): void {
  x.facts.classes.push({
    name: node.name.text,
    kind: 'interface',
    exported,
    at: span(x, node),
    nameAt: span(x, node.name),
    implements: (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => dottedName(t.expression) ?? '')),
    members: node.members.flatMap((m): MemberFact[] => {
      const n = propName(m.name);
      if (n === undefined) return [];
      return [{ name: n, kind: ts.isMethodSignature(m) ? 'method' : 'field', isStatic: false, isAbstract: true, at: span(x, m) }];
    }),
    ctorParams: [],
    fieldRefs: [],
    decorators: [],
    mutatedFields: [],
  });
}

export function visitEnum(x: Extraction, node: ts.EnumDeclaration, exported: boolean): void {
  x.facts.classes.push({
    name: node.name.text,
    kind: 'enum',
    exported,
    at: span(x, node),
    nameAt: span(x, node.name),
    implements: [],
    members: node.members.flatMap((m): MemberFact[] => {
      const n = propName(m.name);
      return n === undefined ? [] : [{ name: n, kind: 'field', isStatic: true, isAbstract: false, readonly: true, init: { kind: 'primitive' }, at: span(x, m) }];
    }),
    ctorParams: [],
    fieldRefs: [],
    decorators: [],
    mutatedFields: [],
  });
}

/** A variable declarator anywhere: functions named by their variable, registries, locals. */
export function visitVariable(x: Extraction, d: ts.VariableDeclaration, ctx: Ctx, topLevel: boolean, exported: boolean, declKind: 'const' | 'let' | 'var'): void {
  const { facts, sf } = x;
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
            x,
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
        facts.bindings.push({ name: n, declKind, exported, init: { kind: 'other' }, at: span(x, d), nameAt: span(x, d) });
        declare(x, n, 'variable', d);
      }
    }
    if (init) x.visit(init, ctx);
    return;
  }
  const name = d.name.text;
  if (!topLevel && ctx.fn && init) {
    const list = ctx.fn.assigns.get(name) ?? [];
    list.push(init);
    ctx.fn.assigns.set(name, list);
    markFlow(x, init, { local: name });
  }
  if (topLevel && init) markFlow(x, init, 'kept');
  // `const X = require('./x')`: an import, not a declaration.
  if (topLevel && init && ts.isCallExpression(unwrap(init))) {
    const spec = requireSpecifier(unwrap(init) as ts.CallExpression);
    if (spec !== undefined) {
      addImport(x, spec, 'require', [{ imported: '*', local: name, typeOnly: false }], false, d);
      return;
    }
  }
  if (topLevel) {
    declare(x, name, 'variable', d);
    // `const X: Readonly<T> = {…}` / `readonly T[]`: immutable by declaration.
    const readonlyType = d.type !== undefined && /^(Readonly(Array|Map|Set)?\s*<|readonly\s)/.test(d.type.getText(sf));
    facts.bindings.push({ name, declKind, exported, init: readonlyType ? { kind: 'frozen' } : classifyInit(init), at: span(x, d), nameAt: span(x, d.name) });
  }
  if (!init) return;
  const e = unwrap(init);
  if ((ts.isArrowFunction(e) || ts.isFunctionExpression(e)) && (topLevel || ctx.fn)) {
    const qualified = topLevel ? name : `${ctx.enclosing}.${name}`;
    const b = newFunction(x, e, name, qualified, d.name, ctx, exported);
    b.fact!.isAsync = hasModifier(e, SK.AsyncKeyword);
    walkFunction(x, e, b, ctx);
    return;
  }
  if (ts.isClassExpression(e)) {
    if (topLevel) facts.declarations[facts.declarations.length - 1]!.kind = 'class';
    visitClass(x, e, ctx, exported, name);
    return;
  }
  if (topLevel && ts.isNewExpression(e)) x.storedAt.set(e, { kind: 'module', name });
  if (ts.isCallExpression(e) && isCreateRegistry(dottedName(e.expression))) {
    visitRegistryCall(x, e, ctx, name);
    return;
  }
  x.visit(init, ctx);
}

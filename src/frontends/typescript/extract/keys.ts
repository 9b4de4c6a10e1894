/**
 * Keyed operations and registries: `map.set(k, v)` / `cache[k]` on module, static or `this`
 * collections with the key's derivation, a key function's `derives`, and `createRegistry({ key, create })`.
 */
import { ts } from '../ts.js';
import type { KeyDerivation, KeyedOp, KeyPart, RegistryFact } from '../../../model/facts.js';
import { dottedName, unwrap } from '../classify.js';
import { deriveKey, looksDerivable, returnedExpressions, type DeriveScope } from '../derive.js';
import { findNondeterministicSources } from '../nondeterminism.js';
import { choice, derivable, hasSource, normaliseKey, sourcesOf } from '../../shared/key-parts.js';
import { bindingNames, declaringFn, isShadowed, keyScope, noteMutation, propName, receiverScope, span, type Ctx, type Extraction, type FnBuilder } from './context.js';

// A Map, not an object literal: `x.toString(k)` must not find Object.prototype.toString as an op.
export const KEYED_METHODS = new Map<string, KeyedOp>([['set', 'set'], ['get', 'get'], ['has', 'has'], ['delete', 'delete']]);

/** `createRegistry` or `something.createRegistry` (cheaper than a regex on every call). */
export function isCreateRegistry(callee: string | undefined): boolean {
  return callee !== undefined && (callee === 'createRegistry' || callee.endsWith('.createRegistry'));
}

/** Follow `const key = …` in the enclosing function once, so `set(key, …)` compares derivations. */
function keyText(expr: ts.Expression, ctx: Ctx): ts.Expression {
  const e = unwrap(expr);
  if (ts.isIdentifier(e) && ctx.fn) {
    const assigned = ctx.fn.assigns.get(e.text);
    if (assigned && assigned.length === 1) return assigned[0]!;
  }
  return e;
}

export function recordKeyed(x: Extraction, recv: string, op: KeyedOp, keyExpr: ts.Expression, ctx: Ctx, at: ts.Node): void {
  const scope = receiverScope(x, recv, ctx);
  if (!scope) return;
  const source = keyText(keyExpr, ctx);
  const derivation = deriveKey(keyExpr, keyScope(x, ctx));
  const keyCalls: string[] = [];
  const collectCalls = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const c = dottedName(n.expression);
      if (c) keyCalls.push(c);
    }
    ts.forEachChild(n, collectCalls);
  };
  collectCalls(source);
  x.facts.keyedOps.push({
    receiver: recv,
    receiverScope: scope.scope,
    ...(scope.className ? { className: scope.className } : {}),
    op,
    key: normaliseKey(source.getText(x.sf)),
    ...(source !== unwrap(keyExpr) && ts.isIdentifier(unwrap(keyExpr)) ? { keyLocal: (unwrap(keyExpr) as ts.Identifier).text } : {}),
    keyCalls,
    nondeterministic: [
      ...new Set([...findNondeterministicSources(source, (name) => isShadowed(x, name, ctx)), ...sourcesOf(derivation.parts)]),
    ],
    derivation,
    enclosing: ctx.enclosing,
    at: span(x, at),
  });
}

/** A key function's `derives`: every return a derivable value, parameters written `$i`. */
export function deriveReturns(x: Extraction, node: ts.SignatureDeclaration, b: FnBuilder, ctx: Ctx): void {
  const fact = b.fact!;
  const returns = b.returnExprs ?? [];
  if (fact.isAsync || fact.isGenerator || returns.length === 0 || returns.length > 4) return;
  if (!returns.every((r) => looksDerivable(r))) return;
  const params = node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  // Without parameters only a generated value makes a key function (`newSessionKey()`).
  if (params.length === 0 && !returns.some((r) => findNondeterministicSources(r).length > 0) && !returns.some((r) => ts.isIdentifier(unwrap(r)))) return;
  const scope: DeriveScope = {
    ...keyScope(x, ctx),
    paramIndex: (name) => (params.includes(name) ? params.indexOf(name) : undefined),
  };
  const options = returns.map((r) => deriveKey(r, scope));
  const parts: KeyPart[] = options.length === 1 ? options[0]!.parts : [choice(options)];
  if (parts.length === 0 || !derivable(parts)) return;
  if (params.length === 0 && !hasSource(parts)) return;
  fact.derives = { text: returns.map((r) => normaliseKey(unwrap(r).getText(x.sf))).join(' | '), parts };
}

/** `createRegistry({ name, key, create })`: the registry, its key, and what `create` constructs. */
export function visitRegistryCall(x: Extraction, call: ts.CallExpression, ctx: Ctx, name: string): void {
  const reg: RegistryFact = { name, callee: dottedName(call.expression) ?? 'createRegistry', creates: [], at: span(x, call) };
  x.facts.registries.push(reg);
  const opts = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  x.visit(call.expression, ctx);
  if (!opts || !ts.isObjectLiteralExpression(opts)) {
    for (const a of call.arguments) x.visit(a, ctx);
    return;
  }
  for (const p of opts.properties) {
    const pn = p.name ? propName(p.name) : undefined;
    if (pn === 'name' && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) reg.label = p.initializer.text;
    if (pn === 'key') deriveRegistryKey(x, p, reg, ctx);
    x.visit(p, pn === 'create' ? { ...ctx, registry: reg } : ctx);
  }
}

/** The registry's `key` option: an inline key function, or a named one applied to the input. */
function deriveRegistryKey(x: Extraction, p: ts.ObjectLiteralElementLike, reg: RegistryFact, ctx: Ctx): void {
  const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
  const fn = ts.isMethodDeclaration(p) ? p : value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
  if (fn) {
    const params = new Set(fn.parameters.flatMap((q) => bindingNames(q.name)));
    const scope: DeriveScope = {
      ...keyScope(x, ctx),
      isLocal: (n) => params.has(n) || isShadowed(x, n, ctx),
      isParam: (n) => params.has(n),
      assigned: (n) => (params.has(n) ? undefined : declaringFn(x, n, ctx)?.assigns.get(n)),
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
  reg.keyAt = span(x, p);
}

/** `delete cache[k]`: a keyed delete. True when the children have been visited here. */
export function visitDelete(x: Extraction, node: ts.DeleteExpression, ctx: Ctx): boolean {
  const target = unwrap(node.expression);
  noteMutation(target, ctx);
  if (!ts.isElementAccessExpression(target)) return false;
  const recv = dottedName(target.expression);
  if (recv) recordKeyed(x, recv, 'delete', target.argumentExpression, ctx, node);
  x.visit(target.argumentExpression, ctx);
  return true;
}

/** `cache[k]` with a computed key: a keyed get. */
export function visitElementAccess(x: Extraction, ea: ts.ElementAccessExpression, ctx: Ctx): void {
  const recv = dottedName(ea.expression);
  const arg = unwrap(ea.argumentExpression);
  if (recv && !ts.isNumericLiteral(arg) && !ts.isStringLiteralLike(arg)) recordKeyed(x, recv, 'get', ea.argumentExpression, ctx, ea);
}

/**
 * Calls and constructions: each call (awaited, in a catch or fallback branch) and each `new X`
 * with where its instance goes (kept, cached, stored in a module or static slot, thrown), the
 * assignments that tell it, and the branches that count as fallbacks.
 */
import { ts } from '../ts.js';
import type { NewFact } from '../../../model/facts.js';
import { dottedName, SK, unwrap } from '../classify.js';
import { addImport, requireSpecifier } from './imports.js';
import { KEYED_METHODS, recordKeyed } from './keys.js';
import { isModuleName, isShadowed, keepValue, markFlow, noteMutation, receiverScope, span, type Ctx, type Extraction } from './context.js';

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'delete', 'clear', 'add']);

export function recordCall(x: Extraction, call: ts.CallExpression, ctx: Ctx, awaited: boolean): void {
  if (call.expression.kind === SK.ImportKeyword) {
    const a = call.arguments[0];
    if (a && ts.isStringLiteralLike(a)) addImport(x, a.text, 'dynamic', [], false, call);
    return;
  }
  const spec = requireSpecifier(call);
  if (spec !== undefined) {
    // A require not bound at module level (inside a function, or bare): a runtime edge, lazy inside a function.
    addImport(x, spec, 'require', [], false, call);
    if (ctx.fn) x.facts.imports[x.facts.imports.length - 1]!.lazy = true;
    return;
  }
  const callee = dottedName(call.expression);
  if (callee === undefined) return;
  const root = callee.slice(0, callee.includes('.') ? callee.indexOf('.') : undefined);
  const local = root !== 'this' && root !== 'super' && ctx.fn !== undefined && isShadowed(x, root, ctx);
  // Two literal shapes, not a spread: this runs for every call in the project.
  const at = span(x, call);
  x.facts.calls.push(
    local
      ? { callee, local, awaited, enclosing: ctx.enclosing, inCatch: ctx.inCatch, inFallback: ctx.inFallback, at }
      : { callee, awaited, enclosing: ctx.enclosing, inCatch: ctx.inCatch, inFallback: ctx.inFallback, at },
  );
  const dot = callee.lastIndexOf('.');
  if (dot > 0 && call.arguments.length > 0) {
    const method = callee.slice(dot + 1);
    const op = KEYED_METHODS.get(method);
    if (op) recordKeyed(x, callee.slice(0, dot), op, call.arguments[0]!, ctx, call);
    if (op === 'set' && call.arguments[1]) keepValue(x, call.arguments[1], ctx, receiverScope(x, callee.slice(0, dot), ctx) !== undefined);
    if (MUTATORS.has(method) && ts.isPropertyAccessExpression(call.expression)) noteMutation(call.expression.expression, ctx, true);
  }
  if (callee === 'Object.assign' && call.arguments[0]) noteMutation(call.arguments[0], ctx, true);
}

export function recordNew(x: Extraction, n: ts.NewExpression, ctx: Ctx): void {
  const callee = dottedName(n.expression);
  if (callee === undefined) return;
  const storedIn = x.storedAt.get(n);
  const flow = x.flowOf.get(n);
  const root = callee.split('.')[0]!;
  const local = ctx.fn !== undefined && isShadowed(x, root, ctx);
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
    at: span(x, n),
  };
  x.facts.news.push(fact);
  if (flow && typeof flow === 'object' && ctx.fn) ctx.fn.newsInLocals.push({ fact, local: flow.local });
  if (ctx.fn?.fact && !ctx.fn.fact.constructs.includes(callee)) ctx.fn.fact.constructs.push(callee);
  if (ctx.registry && !ctx.registry.creates.includes(callee)) ctx.registry.creates.push(callee);
}

/**
 * A binary expression: `a ?? b` / `a || b` make a fallback of the right side; an assignment
 * records where a value goes (a local's assignments, a module or static slot, a keyed set, a
 * mutated field). True when the children have been visited here.
 */
export function visitBinary(x: Extraction, b: ts.BinaryExpression, ctx: Ctx): boolean {
  const op = b.operatorToken.kind;
  if (op === SK.QuestionQuestionToken || op === SK.BarBarToken || op === SK.QuestionQuestionEqualsToken || op === SK.BarBarEqualsToken) {
    x.visit(b.left, ctx);
    x.visit(b.right, { ...ctx, inFallback: true });
    return true;
  }
  if (op >= SK.FirstCompoundAssignment && op <= SK.LastCompoundAssignment) noteMutation(b.left, ctx);
  if (op !== SK.EqualsToken) return false;
  const left = unwrap(b.left);
  const right = unwrap(b.right);
  noteMutation(left, ctx);
  if (ts.isIdentifier(left)) {
    if (ctx.fn && !isModuleName(x, left.text, ctx)) {
      const list = ctx.fn.assigns.get(left.text) ?? [];
      list.push(b.right);
      ctx.fn.assigns.set(left.text, list);
      markFlow(x, b.right, { local: left.text });
    } else if (isModuleName(x, left.text, ctx)) {
      if (ts.isNewExpression(right)) x.storedAt.set(right, { kind: 'module', name: left.text });
      keepValue(x, b.right, ctx, true);
    }
  } else if (ts.isElementAccessExpression(left)) {
    const recv = dottedName(left.expression);
    keepValue(x, b.right, ctx, recv !== undefined && receiverScope(x, recv, ctx) !== undefined);
    if (recv) recordKeyed(x, recv, 'set', left.argumentExpression, ctx, left);
    x.visit(left.expression, ctx);
    x.visit(left.argumentExpression, ctx);
    x.visit(b.right, ctx);
    return true;
  } else if (ts.isPropertyAccessExpression(left)) {
    keepValue(x, b.right, ctx);
  }
  if (ts.isPropertyAccessExpression(left) && ts.isNewExpression(right)) {
    const target = dottedName(left);
    const parts = target?.split('.') ?? [];
    if (parts.length === 2 && x.classNames.has(parts[0]!) && isModuleName(x, parts[0]!, ctx)) {
      x.storedAt.set(right, { kind: 'static', className: parts[0]!, name: parts[1]! });
    } else if (parts.length === 2 && parts[0] === 'this' && ctx.className && ctx.fn?.fact?.isStatic) {
      x.storedAt.set(right, { kind: 'static', className: ctx.className, name: parts[1]! });
    }
  }
  return false;
}

/** `if (!m) …`: the then-branch is a fallback when it fills a gap in what the code builds. */
export function isFallbackBranch(s: ts.IfStatement, ctx: Ctx): boolean {
  return isMissingCheck(s.expression) && fillsAGap(s.expression, s.thenStatement, ctx);
}

function isMissingCheck(cond: ts.Expression): boolean {
  const c = unwrap(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === SK.ExclamationToken) return true;
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    const isEq = op === SK.EqualsEqualsToken || op === SK.EqualsEqualsEqualsToken;
    const right = unwrap(c.right);
    return isEq && (right.kind === SK.NullKeyword || (ts.isIdentifier(right) && right.text === 'undefined'));
  }
  return false;
}

/**
 * A missing check guards a fallback only when what is missing is the product: the value the
 * branch builds (`if (!m) m = new Manager()`), or a call's result (`let m = peek(); if (!m)`).
 * A field of the object itself (`if (!this.client) this.client = new Client()`, lazy
 * initialisation in the owner), a setting read (`if (!config.url)`) or a parameter the branch
 * does not replace is not.
 */
function fillsAGap(cond: ts.Expression, branch: ts.Node, ctx: Ctx): boolean {
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
}

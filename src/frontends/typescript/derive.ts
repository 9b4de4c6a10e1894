/**
 * Key derivations: how a registry key (or a key function's return value) is built, operand by
 * operand. Locals are followed through their assignments (later assignments count as fallbacks),
 * string building is split into its pieces, and `??` / `||` / ternary branches are marked as
 * fallbacks, so a rule can compare `set(userKey(ctx))` with `delete(ctx.userId)` without the AST.
 */
import { ts } from './ts.js';
import type { KeyDerivation, KeyPart } from '../../model/facts.js';
import { dottedName, SK, unwrap } from './classify.js';
import { nondeterministicSourceOf } from './nondeterminism.js';
import { capParts, choice, MAX_PARTS, normaliseKey, refPart as sharedRefPart, type RefScope } from '../shared/key-parts.js';


/** `assigned`: every assignment to a local seen so far, in source order (the declaration's initialiser first). */
export interface DeriveScope extends RefScope<ts.Expression> {
  text(node: ts.Node): string;
}

/** Conversions that do not change which entry a key means. */
const TRANSPARENT_CALLS = new Set(['String', 'toString']);

export function deriveKey(expr: ts.Expression, scope: DeriveScope, depth = 0): KeyDerivation {
  const parts: KeyPart[] = [];
  collect(expr, scope, depth, parts);
  return { text: normaliseKey(scope.text(unwrap(expr))), parts: capParts(parts) };
}

function collect(expr: ts.Expression, scope: DeriveScope, depth: number, out: KeyPart[]): void {
  if (out.length > MAX_PARTS) return;
  const e = unwrap(expr);
  const source = nondeterministicSourceOf(e, scope.isLocal);
  if (source !== undefined) {
    out.push({ kind: 'nondeterministic', source });
    return;
  }
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) {
    if (e.text !== '') out.push({ kind: 'literal', text: e.text });
    return;
  }
  switch (e.kind) {
    case SK.TrueKeyword:
    case SK.FalseKeyword:
    case SK.NullKeyword:
      out.push({ kind: 'literal', text: scope.text(e) });
      return;
    case SK.ThisKeyword:
      out.push({ kind: 'ref', path: 'this' });
      return;
  }
  if (ts.isTemplateExpression(e)) {
    if (e.head.text !== '') out.push({ kind: 'literal', text: e.head.text });
    for (const span of e.templateSpans) {
      collect(span.expression, scope, depth, out);
      if (span.literal.text !== '') out.push({ kind: 'literal', text: span.literal.text });
    }
    return;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SK.PlusToken && !ts.isNumericLiteral(unwrap(e.left)) && !ts.isNumericLiteral(unwrap(e.right))) {
      collect(e.left, scope, depth, out);
      collect(e.right, scope, depth, out);
      return;
    }
    if (op === SK.QuestionQuestionToken || op === SK.BarBarToken) {
      out.push(choice([deriveKey(e.left, scope, depth), deriveKey(e.right, scope, depth)]));
      return;
    }
    if (op === SK.CommaToken) {
      collect(e.right, scope, depth, out);
      return;
    }
    out.push({ kind: 'other', text: scope.text(e) });
    return;
  }
  if (ts.isConditionalExpression(e)) {
    out.push(choice([deriveKey(e.whenTrue, scope, depth), deriveKey(e.whenFalse, scope, depth)]));
    return;
  }
  if (ts.isIdentifier(e)) {
    if (e.text === 'undefined') out.push({ kind: 'literal', text: 'undefined' });
    else refPart(e.text, [], scope, depth, out);
    return;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const dotted = dottedName(e);
    if (dotted !== undefined) {
      const [root, ...rest] = dotted.split('.');
      if (root === 'this') out.push({ kind: 'ref', path: dotted });
      else refPart(root!, rest, scope, depth, out);
      return;
    }
  }
  if (ts.isCallExpression(e)) {
    callPart(e, scope, depth, out);
    return;
  }
  out.push({ kind: 'other', text: scope.text(e) });
}

function callPart(call: ts.CallExpression, scope: DeriveScope, depth: number, out: KeyPart[]): void {
  const callee = dottedName(call.expression);
  if (callee === undefined) {
    out.push({ kind: 'other', text: scope.text(call) });
    return;
  }
  const dot = callee.lastIndexOf('.');
  const method = callee.slice(dot + 1);
  const root = callee.split('.')[0]!;
  const onData = dot > 0 && root !== 'this' && (scope.isLocal(root) || scope.paramIndex(root) !== undefined);
  // `String(x)`, `x.toString()`: the same key as `x`.
  if (TRANSPARENT_CALLS.has(method) && ((dot < 0 && call.arguments.length === 1) || (onData && call.arguments.length === 0))) {
    collect(dot < 0 ? call.arguments[0]! : (unwrap(call.expression) as ts.PropertyAccessExpression).expression, scope, depth, out);
    return;
  }
  const args = call.arguments.slice(0, 4).map((a) => deriveKey(a, scope, depth + 1));
  const text = normaliseKey(scope.text(call));
  if (onData) {
    const receiver = deriveKey((unwrap(call.expression) as ts.PropertyAccessExpression).expression, scope, depth + 1);
    out.push({ kind: 'call', callee: method, args, receiver, text });
    return;
  }
  out.push({ kind: 'call', callee, args, text });
}

/**
 * A cheap shape check before deriving a function's returns: only names, property paths, literals,
 * string building, fallbacks, ternaries and calls can make a key. Most returns fail at the top.
 */
export function looksDerivable(expr: ts.Expression, depth = 0): boolean {
  if (depth > 6) return false;
  const e = unwrap(expr);
  if (ts.isIdentifier(e) || ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === SK.ThisKeyword) return true;
  if (e.kind === SK.TrueKeyword || e.kind === SK.FalseKeyword || e.kind === SK.NullKeyword) return true;
  if (ts.isPropertyAccessExpression(e)) return dottedName(e) !== undefined;
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((span) => looksDerivable(span.expression, depth + 1));
  if (ts.isConditionalExpression(e)) return looksDerivable(e.whenTrue, depth + 1) && looksDerivable(e.whenFalse, depth + 1);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op !== SK.PlusToken && op !== SK.QuestionQuestionToken && op !== SK.BarBarToken) return false;
    return looksDerivable(e.left, depth + 1) && looksDerivable(e.right, depth + 1);
  }
  if (ts.isCallExpression(e)) return dottedName(e.expression) !== undefined && e.arguments.every((a) => looksDerivable(a, depth + 1));
  return ts.isNewExpression(e) || ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e); // `new Date()`, `++seq`
}

/** `return` expressions of a function body, not looking into nested functions. */
export function returnedExpressions(body: ts.Block): ts.Expression[] {
  const out: ts.Expression[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) {
      if (n.expression) out.push(n.expression);
      return;
    }
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(body, walk);
  return out;
}

function refPart(root: string, rest: string[], scope: DeriveScope, depth: number, out: KeyPart[]): void {
  sharedRefPart(root, rest, scope, depth, out, (value, d) => deriveKey(value, scope, d));
}

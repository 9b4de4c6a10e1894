/**
 * Key derivations: how a registry key (or a key function's return value) is built, operand by
 * operand. Locals are followed through their assignments (later assignments count as fallbacks),
 * string building is split into its pieces, and `??` / `||` / ternary branches are marked as
 * fallbacks, so a rule can compare `set(userKey(ctx))` with `delete(ctx.userId)` without the AST.
 */
import { ts } from 'ts-morph';
import type { KeyDerivation, KeyPart } from '../../model/facts.js';
import { dottedName, unwrap } from './classify.js';
import { nondeterministicSourceOf } from './nondeterminism.js';
import { normaliseKey } from './normalise.js';

export interface DeriveScope {
  text(node: ts.Node): string;
  /** In a function's `derives`: the parameter's position (rendered `$i`); undefined otherwise. */
  paramIndex(name: string): number | undefined;
  /** A parameter or local of the enclosing function(s). */
  isLocal(name: string): boolean;
  /** Every assignment to a local seen so far, in source order. */
  assigned(name: string): readonly ts.Expression[] | undefined;
}

const MAX_PARTS = 16;
const MAX_DEPTH = 3;
const MAX_ASSIGNS = 4;
/** Conversions that do not change which entry a key means. */
const TRANSPARENT_CALLS = new Set(['String', 'toString']);

export function deriveKey(expr: ts.Expression, scope: DeriveScope, depth = 0): KeyDerivation {
  const parts: KeyPart[] = [];
  collect(expr, scope, depth, false, parts);
  return { text: normaliseKey(scope.text(unwrap(expr))), parts: parts.length > MAX_PARTS ? [{ kind: 'other', text: 'too many parts' }] : parts };
}

function push(out: KeyPart[], part: KeyPart, fallback: boolean): void {
  out.push(fallback ? { ...part, fallback: true } : part);
}

function collect(expr: ts.Expression, scope: DeriveScope, depth: number, fallback: boolean, out: KeyPart[]): void {
  if (out.length > MAX_PARTS) return;
  const e = unwrap(expr);
  const source = nondeterministicSourceOf(e, scope.isLocal);
  if (source !== undefined) {
    push(out, { kind: 'nondeterministic', source }, fallback);
    return;
  }
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) {
    if (e.text !== '') push(out, { kind: 'literal', text: e.text }, fallback);
    return;
  }
  switch (e.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      push(out, { kind: 'literal', text: scope.text(e) }, fallback);
      return;
    case ts.SyntaxKind.ThisKeyword:
      push(out, { kind: 'ref', path: 'this' }, fallback);
      return;
  }
  if (ts.isTemplateExpression(e)) {
    if (e.head.text !== '') push(out, { kind: 'literal', text: e.head.text }, fallback);
    for (const span of e.templateSpans) {
      collect(span.expression, scope, depth, fallback, out);
      if (span.literal.text !== '') push(out, { kind: 'literal', text: span.literal.text }, fallback);
    }
    return;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken && !ts.isNumericLiteral(unwrap(e.left)) && !ts.isNumericLiteral(unwrap(e.right))) {
      collect(e.left, scope, depth, fallback, out);
      collect(e.right, scope, depth, fallback, out);
      return;
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      collect(e.left, scope, depth, fallback, out);
      collect(e.right, scope, depth, true, out);
      return;
    }
    if (op === ts.SyntaxKind.CommaToken) {
      collect(e.right, scope, depth, fallback, out);
      return;
    }
    push(out, { kind: 'other', text: scope.text(e) }, fallback);
    return;
  }
  if (ts.isConditionalExpression(e)) {
    collect(e.whenTrue, scope, depth, true, out);
    collect(e.whenFalse, scope, depth, true, out);
    return;
  }
  if (ts.isIdentifier(e)) {
    if (e.text === 'undefined') {
      push(out, { kind: 'literal', text: 'undefined' }, fallback);
      return;
    }
    refPart(e.text, [], scope, depth, fallback, out);
    return;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const dotted = dottedName(e);
    if (dotted !== undefined) {
      const [root, ...rest] = dotted.split('.');
      if (root === 'this') push(out, { kind: 'ref', path: dotted }, fallback);
      else refPart(root!, rest, scope, depth, fallback, out);
      return;
    }
  }
  if (ts.isCallExpression(e)) {
    callPart(e, scope, depth, fallback, out);
    return;
  }
  push(out, { kind: 'other', text: scope.text(e) }, fallback);
}

/** A name, or a property path rooted at a name: parameters become `$i`, locals are followed. */
function refPart(root: string, rest: string[], scope: DeriveScope, depth: number, fallback: boolean, out: KeyPart[]): void {
  const suffix = rest.length > 0 ? `.${rest.join('.')}` : '';
  const index = scope.paramIndex(root);
  if (index !== undefined) {
    push(out, { kind: 'ref', path: `$${index}${suffix}` }, fallback);
    return;
  }
  const assigned = scope.isLocal(root) ? scope.assigned(root) : undefined;
  if (assigned && assigned.length > 0 && assigned.length <= MAX_ASSIGNS && depth < MAX_DEPTH) {
    const followed: KeyPart[] = [];
    assigned.forEach((a, i) => collect(a, scope, depth + 1, fallback || i > 0, followed));
    if (rest.length === 0) {
      out.push(...followed);
      return;
    }
    // `const user = ctx.user; user.id` → `ctx.user.id`; anything more complex is not followed.
    const only = followed.length === 1 ? followed[0]! : undefined;
    if (only?.kind === 'ref' && !only.opaque) {
      push(out, { kind: 'ref', path: `${only.path}${suffix}` }, fallback || only.fallback === true);
      return;
    }
  }
  const opaque = rest.length === 0 && scope.isLocal(root);
  push(out, { kind: 'ref', path: `${root}${suffix}`, ...(opaque ? { opaque: true } : {}) }, fallback);
}

function callPart(call: ts.CallExpression, scope: DeriveScope, depth: number, fallback: boolean, out: KeyPart[]): void {
  const callee = dottedName(call.expression);
  if (callee === undefined) {
    push(out, { kind: 'other', text: scope.text(call) }, fallback);
    return;
  }
  const dot = callee.lastIndexOf('.');
  const method = callee.slice(dot + 1);
  const root = callee.split('.')[0]!;
  const onData = dot > 0 && root !== 'this' && (scope.isLocal(root) || scope.paramIndex(root) !== undefined);
  // `String(x)`, `x.toString()`: the same key as `x`.
  if (TRANSPARENT_CALLS.has(method) && ((dot < 0 && call.arguments.length === 1) || (onData && call.arguments.length === 0))) {
    if (dot < 0) collect(call.arguments[0]!, scope, depth, fallback, out);
    else collect((unwrap(call.expression) as ts.PropertyAccessExpression).expression, scope, depth, fallback, out);
    return;
  }
  const args = call.arguments.slice(0, 4).map((a) => deriveKey(a, scope, depth + 1));
  const text = normaliseKey(scope.text(call));
  if (onData) {
    const receiver = deriveKey((unwrap(call.expression) as ts.PropertyAccessExpression).expression, scope, depth + 1);
    push(out, { kind: 'call', callee: method, args, receiver, text }, fallback);
    return;
  }
  push(out, { kind: 'call', callee, args, text }, fallback);
}

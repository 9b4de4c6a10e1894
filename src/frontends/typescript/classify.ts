/**
 * Pure classifiers over TypeScript syntax: dotted names, initializers, declared return types and
 * return expressions. No state; the extractor calls them during its single walk.
 */
import { ts } from './ts.js';
import type { DeclaredType, Init, ReturnShape } from '../../model/facts.js';
import { unionType } from '../shared/return-shapes.js';

/**
 * `ts.SyntaxKind`, read once. ts-morph's `ts` is an object of getters, so each `SK.X` in
 * a `case` label costs a getter call for every node compared against it: ~10x slower switches.
 */
export const SK = ts.SyntaxKind;

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Object']);
const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any', 'withResolvers']);
const PROMISE_TYPE_NAMES = new Set(['Promise', 'PromiseLike', 'Thenable']);

export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) {
      e = e.expression;
    } else if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) {
      if (isAsConst(e)) return e;
      e = e.expression;
    } else {
      return e;
    }
  }
}

function isAsConst(e: ts.Expression): boolean {
  return (
    (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) &&
    ts.isTypeReferenceNode(e.type) &&
    ts.isIdentifier(e.type.typeName) &&
    e.type.typeName.text === 'const'
  );
}

/** `a.b.c` / `this.x.y` as text, or undefined for anything that is not a plain dotted name. */
export function dottedName(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === SK.ThisKeyword) return 'this';
  if (e.kind === SK.SuperKeyword) return 'super';
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const left = dottedName(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  if (ts.isPrivateIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isPrivateIdentifier(e.name)) {
    const left = dottedName(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  return undefined;
}

export function classifyInit(expr: ts.Expression | undefined): Init {
  if (!expr) return { kind: 'none' };
  if (isAsConst(expr)) return { kind: 'frozen' };
  const e = unwrap(expr);
  switch (e.kind) {
    case SK.StringLiteral:
    case SK.NumericLiteral:
    case SK.BigIntLiteral:
    case SK.NoSubstitutionTemplateLiteral:
    case SK.TemplateExpression:
    case SK.TrueKeyword:
    case SK.FalseKeyword:
    case SK.NullKeyword:
    case SK.RegularExpressionLiteral:
    case SK.PrefixUnaryExpression:
    case SK.TypeOfExpression:
      return { kind: 'primitive' };
    case SK.ObjectLiteralExpression:
      return { kind: 'object' };
    case SK.ArrayLiteralExpression:
      return { kind: 'array' };
    case SK.ArrowFunction:
    case SK.FunctionExpression:
      return { kind: 'function' };
    case SK.ClassExpression:
      return { kind: 'class' };
  }
  if (ts.isIdentifier(e) && e.text === 'undefined') return { kind: 'primitive' };
  if (ts.isBinaryExpression(e)) {
    // `a + b`, `x * 2`: arithmetic or string building yields a primitive.
    const op = e.operatorToken.kind;
    if (
      op === SK.PlusToken ||
      op === SK.MinusToken ||
      op === SK.AsteriskToken ||
      op === SK.SlashToken ||
      op === SK.AsteriskAsteriskToken
    ) {
      return { kind: 'primitive' };
    }
    return { kind: 'other' };
  }
  if (ts.isNewExpression(e)) {
    const callee = dottedName(e.expression) ?? '';
    if (COLLECTIONS.has(callee)) return { kind: 'collection', type: callee };
    return { kind: 'new', callee };
  }
  if (ts.isCallExpression(e)) {
    const callee = dottedName(e.expression) ?? '';
    if (callee === 'Object.freeze') return { kind: 'frozen' };
    if (callee === 'Symbol' || callee === 'Symbol.for' || callee === 'String' || callee === 'Number' || callee === 'Boolean' || callee === 'BigInt') {
      return { kind: 'primitive' };
    }
    if (callee === 'Object.create' || callee === 'Object.assign' || callee === 'Object.fromEntries' || callee === 'structuredClone') {
      return { kind: 'object' };
    }
    if (callee === 'Array.from' || callee === 'Array.of') return { kind: 'array' };
    return { kind: 'call', callee };
  }
  const ref = dottedName(e);
  if (ref !== undefined) return { kind: 'alias', ref };
  return { kind: 'other' };
}

export function classifyDeclaredType(node: ts.TypeNode | undefined, typeParams: ReadonlySet<string>): DeclaredType {
  if (!node) return { kind: 'none' };
  switch (node.kind) {
    case SK.AnyKeyword:
    case SK.UnknownKeyword:
    case SK.ObjectKeyword:
    case SK.NeverKeyword:
      return { kind: 'opaque' };
    case SK.VoidKeyword:
    case SK.UndefinedKeyword:
    case SK.StringKeyword:
    case SK.NumberKeyword:
    case SK.BooleanKeyword:
    case SK.BigIntKeyword:
    case SK.SymbolKeyword:
    case SK.NullKeyword:
    case SK.LiteralType:
    case SK.ArrayType:
    case SK.TupleType:
    case SK.FunctionType:
    case SK.ConstructorType:
    case SK.TemplateLiteralType:
      return { kind: 'sync' };
  }
  if (ts.isParenthesizedTypeNode(node)) return classifyDeclaredType(node.type, typeParams);
  if (ts.isTypeOperatorNode(node)) {
    return node.operator === SK.ReadonlyKeyword ? classifyDeclaredType(node.type, typeParams) : { kind: 'opaque' };
  }
  if (ts.isTypePredicateNode(node)) return { kind: 'sync' };
  if (ts.isTypeLiteralNode(node)) {
    const hasThen = node.members.some((m) => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === 'then');
    return hasThen ? { kind: 'promise' } : { kind: 'sync' };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = entityName(node.typeName);
    const last = name.split('.').pop() ?? name;
    if (PROMISE_TYPE_NAMES.has(last)) return { kind: 'promise' };
    if (typeParams.has(name)) return { kind: 'opaque' };
    // Helper aliases such as MaybePromise<T>, Awaitable<T>, AsyncResult<T>: may be thenable.
    if (/promise|thenable|awaitable|async|deferred|future/i.test(last)) return { kind: 'opaque' };
    if (name === 'Array' || name === 'ReadonlyArray' || name === 'Map' || name === 'Set' || name === 'Record' || name === 'ReadonlyMap' || name === 'ReadonlySet') {
      return { kind: 'sync' };
    }
    return { kind: 'ref', name };
  }
  if (ts.isUnionTypeNode(node)) return unionType(node.types, (member) => classifyDeclaredType(member, typeParams));
  return { kind: 'opaque' };
}

function entityName(n: ts.EntityName): string {
  return ts.isIdentifier(n) ? n.text : `${entityName(n.left)}.${n.right.text}`;
}

/**
 * Classify what a `return` expression yields. Identifiers are left to the caller (it knows the
 * function's local assignments); everything else is decided here or deferred to the linker as a
 * call/new to resolve.
 */
export function classifyReturn(expr: ts.Expression, out: ReturnShape[], onIdentifier: (name: string) => void): void {
  if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    const t = classifyDeclaredType(expr.type, new Set());
    if (t.kind === 'promise' || t.kind === 'opaque') {
      out.push({ kind: t.kind === 'promise' ? 'promise' : 'unknown' });
      return;
    }
  }
  const e = unwrap(expr);
  switch (e.kind) {
    case SK.StringLiteral:
    case SK.NumericLiteral:
    case SK.BigIntLiteral:
    case SK.NoSubstitutionTemplateLiteral:
    case SK.TemplateExpression:
    case SK.TrueKeyword:
    case SK.FalseKeyword:
    case SK.NullKeyword:
    case SK.RegularExpressionLiteral:
    case SK.PrefixUnaryExpression:
    case SK.TypeOfExpression:
    case SK.ArrayLiteralExpression:
    case SK.ArrowFunction:
    case SK.FunctionExpression:
    case SK.ClassExpression:
    case SK.VoidExpression:
    case SK.DeleteExpression:
      out.push({ kind: 'sync' });
      return;
    case SK.ThisKeyword:
      // A class instance; a thenable class is vanishingly rare and the linker cannot see subclasses here.
      out.push({ kind: 'unknown' });
      return;
    case SK.ObjectLiteralExpression: {
      const hasThen = (e as ts.ObjectLiteralExpression).properties.some(
        (p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'then',
      );
      out.push({ kind: hasThen ? 'promise' : 'sync' });
      return;
    }
  }
  if (ts.isIdentifier(e)) {
    if (e.text === 'undefined') out.push({ kind: 'sync' });
    else onIdentifier(e.text);
    return;
  }
  if (ts.isConditionalExpression(e)) {
    classifyReturn(e.whenTrue, out, onIdentifier);
    classifyReturn(e.whenFalse, out, onIdentifier);
    return;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SK.QuestionQuestionToken || op === SK.BarBarToken || op === SK.AmpersandAmpersandToken) {
      classifyReturn(e.left, out, onIdentifier);
      classifyReturn(e.right, out, onIdentifier);
      return;
    }
    if (op === SK.CommaToken) {
      classifyReturn(e.right, out, onIdentifier);
      return;
    }
    if (op === SK.EqualsToken) {
      classifyReturn(e.right, out, onIdentifier);
      return;
    }
    out.push({ kind: 'sync' }); // arithmetic, comparison, `in`, `instanceof`
    return;
  }
  if (ts.isNewExpression(e)) {
    const callee = dottedName(e.expression);
    if (callee === 'Promise') out.push({ kind: 'promise' });
    else if (callee !== undefined) out.push({ kind: 'new', callee });
    else out.push({ kind: 'unknown' });
    return;
  }
  if (ts.isCallExpression(e)) {
    const callee = dottedName(e.expression);
    if (callee === undefined) {
      out.push({ kind: 'unknown' });
      return;
    }
    const parts = callee.split('.');
    const last = parts[parts.length - 1]!;
    if (parts.length === 2 && parts[0] === 'Promise' && PROMISE_STATICS.has(last)) {
      out.push({ kind: 'promise' });
      return;
    }
    if (parts.length > 1 && (last === 'then' || last === 'catch' || last === 'finally')) {
      out.push({ kind: 'promise' });
      return;
    }
    out.push({ kind: 'call', callee });
    return;
  }
  out.push({ kind: 'unknown' });
}

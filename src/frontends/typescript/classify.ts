/**
 * Pure classifiers over TypeScript syntax: dotted names, initializers, declared return types and
 * return expressions. No state; the extractor calls them during its single walk.
 */
import { ts } from 'ts-morph';
import type { DeclaredType, Init, ReturnShape } from '../../model/facts.js';

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
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (e.kind === ts.SyntaxKind.SuperKeyword) return 'super';
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
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.TypeOfExpression:
      return { kind: 'primitive' };
    case ts.SyntaxKind.ObjectLiteralExpression:
      return { kind: 'object' };
    case ts.SyntaxKind.ArrayLiteralExpression:
      return { kind: 'array' };
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
      return { kind: 'function' };
    case ts.SyntaxKind.ClassExpression:
      return { kind: 'class' };
  }
  if (ts.isIdentifier(e) && e.text === 'undefined') return { kind: 'primitive' };
  if (ts.isBinaryExpression(e)) {
    // `a + b`, `x * 2`: arithmetic or string building yields a primitive.
    const op = e.operatorToken.kind;
    if (
      op === ts.SyntaxKind.PlusToken ||
      op === ts.SyntaxKind.MinusToken ||
      op === ts.SyntaxKind.AsteriskToken ||
      op === ts.SyntaxKind.SlashToken ||
      op === ts.SyntaxKind.AsteriskAsteriskToken
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
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
    case ts.SyntaxKind.NeverKeyword:
      return { kind: 'opaque' };
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.SymbolKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
    case ts.SyntaxKind.FunctionType:
    case ts.SyntaxKind.ConstructorType:
    case ts.SyntaxKind.TemplateLiteralType:
      return { kind: 'sync' };
  }
  if (ts.isParenthesizedTypeNode(node)) return classifyDeclaredType(node.type, typeParams);
  if (ts.isTypeOperatorNode(node)) {
    return node.operator === ts.SyntaxKind.ReadonlyKeyword ? classifyDeclaredType(node.type, typeParams) : { kind: 'opaque' };
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
  if (ts.isUnionTypeNode(node)) {
    let ref: DeclaredType | undefined;
    for (const member of node.types) {
      const c = classifyDeclaredType(member, typeParams);
      if (c.kind === 'promise' || c.kind === 'opaque' || c.kind === 'none') return { kind: 'opaque' };
      if (c.kind === 'ref') {
        if (ref) return { kind: 'opaque' };
        ref = c;
      }
    }
    return ref ?? { kind: 'sync' };
  }
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
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.DeleteExpression:
      out.push({ kind: 'sync' });
      return;
    case ts.SyntaxKind.ThisKeyword:
      // A class instance; a thenable class is vanishingly rare and the linker cannot see subclasses here.
      out.push({ kind: 'unknown' });
      return;
    case ts.SyntaxKind.ObjectLiteralExpression: {
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
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      classifyReturn(e.left, out, onIdentifier);
      classifyReturn(e.right, out, onIdentifier);
      return;
    }
    if (op === ts.SyntaxKind.CommaToken) {
      classifyReturn(e.right, out, onIdentifier);
      return;
    }
    if (op === ts.SyntaxKind.EqualsToken) {
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

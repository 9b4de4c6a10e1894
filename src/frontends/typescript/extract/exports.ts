/**
 * The module's top-level declarations and what it exports: `export` modifiers, `export default`,
 * and CommonJS `module.exports` / `exports.x` assignments. Each declaration is handed to
 * ./declarations.ts for its facts.
 */
import { ts } from '../ts.js';
import { classifyInit, dottedName, SK, unwrap } from '../classify.js';
import { declare, newFunction, visitClass, visitEnum, visitInterface, visitVariable, walkFunction } from './declarations.js';
import { bindingNames, declKindOf, hasModifier, MODULE_CTX, propName, span, type Extraction } from './context.js';

/**
 * A top-level statement that declares or exports something; false for any other statement (the
 * orchestrator walks it as module-level code).
 */
export function visitTopLevel(x: Extraction, st: ts.Statement, functionBodies: Map<string, ts.Node>): boolean {
  const facts = x.facts;
  const exported = hasModifier(st, SK.ExportKeyword);
  const isDefault = hasModifier(st, SK.DefaultKeyword);
  if (ts.isExportAssignment(st)) {
    const e = unwrap(st.expression);
    if (ts.isIdentifier(e)) {
      facts.exports.push({ kind: 'local', exported: 'default', local: e.text, typeOnly: false, at: span(x, st) });
      return true;
    }
    if (ts.isClassExpression(e)) {
      declare(x, 'default', 'class', st);
      visitClass(x, e, MODULE_CTX, true, e.name?.text ?? 'default');
      facts.exports.push({ kind: 'local', exported: 'default', local: e.name?.text ?? 'default', typeOnly: false, at: span(x, st) });
      return true;
    }
    // `export default new X()`, `export default { … }`: a module-level value named 'default'.
    declare(x, 'default', 'variable', st);
    facts.bindings.push({ name: 'default', declKind: 'const', exported: true, init: classifyInit(st.expression), at: span(x, st), nameAt: span(x, st) });
    facts.exports.push({ kind: 'local', exported: 'default', local: 'default', typeOnly: false, at: span(x, st) });
    if (ts.isNewExpression(e)) x.storedAt.set(e, { kind: 'module', name: 'default' });
    x.visit(st.expression, MODULE_CTX);
    return true;
  }
  if (ts.isClassDeclaration(st)) {
    const name = st.name?.text ?? 'default';
    declare(x, name, hasModifier(st, SK.AbstractKeyword) ? 'abstract-class' : 'class', st);
    if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : name, local: name, typeOnly: false, at: span(x, st) });
    visitClass(x, st, MODULE_CTX, exported);
    return true;
  }
  if (ts.isFunctionDeclaration(st)) {
    const name = st.name?.text ?? 'default';
    declare(x, name, 'function', st);
    if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : name, local: name, typeOnly: false, at: span(x, st) });
    if (!st.body) return true; // overload signature
    // A second function declaration of one name replaces the first (JavaScript; an error in TypeScript).
    const earlier = functionBodies.get(name);
    if (earlier && st.name) (facts.redefinitions ??= []).push({ name, kind: 'function', at: span(x, st.name), earlier: span(x, earlier) });
    functionBodies.set(name, st.name ?? st);
    const b = newFunction(x, st, name, name, st.name ?? st, MODULE_CTX, exported);
    walkFunction(x, st, b, MODULE_CTX);
    return true;
  }
  if (ts.isInterfaceDeclaration(st)) {
    declare(x, st.name.text, 'interface', st);
    if (exported) facts.exports.push({ kind: 'local', exported: isDefault ? 'default' : st.name.text, local: st.name.text, typeOnly: true, at: span(x, st) });
    visitInterface(x, st, exported);
    return true;
  }
  if (ts.isTypeAliasDeclaration(st)) {
    declare(x, st.name.text, 'type', st);
    if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: true, at: span(x, st) });
    return true;
  }
  if (ts.isEnumDeclaration(st)) {
    declare(x, st.name.text, 'enum', st);
    if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: false, at: span(x, st) });
    visitEnum(x, st, exported);
    return true;
  }
  if (ts.isModuleDeclaration(st)) {
    if (ts.isIdentifier(st.name)) {
      declare(x, st.name.text, 'namespace', st);
      if (exported) facts.exports.push({ kind: 'local', exported: st.name.text, local: st.name.text, typeOnly: false, at: span(x, st) });
    }
    return true;
  }
  if (ts.isVariableStatement(st)) {
    const kind = declKindOf(st.declarationList);
    for (const d of st.declarationList.declarations) {
      visitVariable(x, d, MODULE_CTX, true, exported, kind);
      if (exported) for (const n of bindingNames(d.name)) facts.exports.push({ kind: 'local', exported: n, local: n, typeOnly: false, at: span(x, d) });
    }
    return true;
  }
  return ts.isExpressionStatement(st) && visitCommonJsExport(x, st);
}

/** `module.exports = X`, `module.exports = { A, B: C }`, `module.exports.A = X`, `exports.A = X`. */
function visitCommonJsExport(x: Extraction, st: ts.ExpressionStatement): boolean {
  const facts = x.facts;
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
    facts.exports.push({ kind: 'local', exported: exportedName, local: value.text, typeOnly: false, at: span(x, st) });
  } else if (exportedName === 'default' && ts.isObjectLiteralExpression(value)) {
    for (const p of value.properties) {
      if (ts.isShorthandPropertyAssignment(p)) {
        facts.exports.push({ kind: 'local', exported: p.name.text, local: p.name.text, typeOnly: false, at: span(x, p) });
      } else if (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrap(p.initializer))) {
        const n = propName(p.name);
        if (n) facts.exports.push({ kind: 'local', exported: n, local: (unwrap(p.initializer) as ts.Identifier).text, typeOnly: false, at: span(x, p) });
      }
    }
    x.visit(value, MODULE_CTX);
  } else if (ts.isClassExpression(value)) {
    const name = value.name?.text ?? exportedName;
    declare(x, name, 'class', st);
    visitClass(x, value, MODULE_CTX, true, name);
    facts.exports.push({ kind: 'local', exported: exportedName, local: name, typeOnly: false, at: span(x, st) });
  } else {
    const local = exportedName === 'default' ? 'default' : exportedName;
    declare(x, local, 'variable', st);
    facts.bindings.push({ name: local, declKind: 'assign', exported: true, init: classifyInit(e.right), at: span(x, st), nameAt: span(x, e.left) });
    facts.exports.push({ kind: 'local', exported: exportedName, local, typeOnly: false, at: span(x, st) });
    if (ts.isNewExpression(value)) x.storedAt.set(value, { kind: 'module', name: local });
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
      const b = newFunction(x, value, local, local, e.left, MODULE_CTX, true);
      b.fact!.isAsync = hasModifier(value, SK.AsyncKeyword);
      walkFunction(x, value, b, MODULE_CTX);
    } else {
      x.visit(e.right, MODULE_CTX);
    }
  }
  return true;
}

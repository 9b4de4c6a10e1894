/**
 * Imports and re-exports: `import`, `import x = require()`, `export … from`, `export { a as b }`,
 * `require()` and `import()` specifiers, and which imports TypeScript elides.
 */
import { ts } from '../ts.js';
import type { FileFacts } from '../../../model/facts.js';
import { valueUses } from '../value-uses.js';
import { propName, span, type Extraction } from './context.js';

type ImportFact = FileFacts['imports'][number];

export function addImport(x: Extraction, specifier: string, kind: ImportFact['kind'], names: ImportFact['names'], typeOnly: boolean, node: ts.Node): void {
  x.facts.imports.push({ specifier, kind, typeOnly, names, at: span(x, node) });
}

/** `require('x')` with one literal argument: its specifier. */
export function requireSpecifier(call: ts.CallExpression): string | undefined {
  if (ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
    const a = call.arguments[0]!;
    if (ts.isStringLiteralLike(a)) return a.text;
  }
  return undefined;
}

/** A top-level import or export declaration; false for any other statement. */
export function visitModuleSyntax(x: Extraction, st: ts.Statement): boolean {
  if (ts.isImportDeclaration(st)) {
    visitImport(x, st);
    return true;
  }
  if (ts.isImportEqualsDeclaration(st)) {
    const ref = st.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)) {
      addImport(x, ref.expression.text, 'require', [{ imported: '*', local: st.name.text, typeOnly: st.isTypeOnly }], st.isTypeOnly, st);
    }
    return true;
  }
  if (ts.isExportDeclaration(st)) {
    visitExportDeclaration(x, st);
    return true;
  }
  return false;
}

function visitImport(x: Extraction, st: ts.ImportDeclaration): void {
  if (!ts.isStringLiteralLike(st.moduleSpecifier)) return;
  const spec = st.moduleSpecifier.text;
  const clause = st.importClause;
  if (!clause) {
    addImport(x, spec, 'side-effect', [], false, st);
    return;
  }
  const stmtType = clause.isTypeOnly;
  const names: ImportFact['names'] = [];
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
          at: span(x, el),
        });
      }
    }
  }
  addImport(x, spec, 'static', names, stmtType || (names.length > 0 && names.every((n) => n.typeOnly)), st);
}

function visitExportDeclaration(x: Extraction, st: ts.ExportDeclaration): void {
  const { facts, sf } = x;
  const from = st.moduleSpecifier && ts.isStringLiteralLike(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
  const clause = st.exportClause;
  if (from !== undefined) {
    if (!clause) facts.exports.push({ kind: 'star', from, typeOnly: st.isTypeOnly, at: span(x, st) });
    else if (ts.isNamespaceExport(clause)) {
      facts.exports.push({ kind: 'reexport', from, imported: '*', exported: propName(clause.name as ts.PropertyName) ?? '*', typeOnly: st.isTypeOnly, at: span(x, st) });
    } else {
      for (const el of clause.elements) {
        const exportedName = propName(el.name as ts.PropertyName) ?? el.name.getText(sf);
        const imported = el.propertyName ? propName(el.propertyName as ts.PropertyName) ?? exportedName : exportedName;
        facts.exports.push({ kind: 'reexport', from, imported, exported: exportedName, typeOnly: st.isTypeOnly || el.isTypeOnly, at: span(x, el) });
      }
    }
    addImport(x, from, 'reexport', [], st.isTypeOnly || (!!clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly)), st);
  } else if (clause && ts.isNamedExports(clause)) {
    for (const el of clause.elements) {
      const exportedName = propName(el.name as ts.PropertyName) ?? el.name.getText(sf);
      const local = el.propertyName ? propName(el.propertyName as ts.PropertyName) ?? exportedName : exportedName;
      facts.exports.push({ kind: 'local', exported: exportedName, local, typeOnly: st.isTypeOnly || el.isTypeOnly, at: span(x, el) });
    }
  }
}

/** TypeScript drops an import whose bindings are never used as values: it is no runtime edge. */
export function markElidedImports(sf: ts.SourceFile, facts: FileFacts): void {
  if (facts.language !== 'typescript') return;
  const candidates = facts.imports.filter((i) => i.kind === 'static' && !i.typeOnly && i.names.length > 0);
  if (candidates.length === 0) return;
  const used = valueUses(sf, new Set(candidates.flatMap((i) => i.names.map((n) => n.local))));
  // A local export of an imported name (`export { A }`) keeps the import.
  for (const e of facts.exports) if (e.kind === 'local' && !e.typeOnly) used.add(e.local);
  for (const imp of candidates) if (imp.names.every((n) => n.typeOnly || !used.has(n.local))) imp.elided = true;
}

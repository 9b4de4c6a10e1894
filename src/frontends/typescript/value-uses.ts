/**
 * Which names a TypeScript file uses as values. An import whose bindings are used only in type
 * positions (or not at all) is dropped by the compiler, so it is no runtime edge: a cycle through it
 * cannot bite at module initialisation.
 *
 * Counting is conservative: every identifier outside type positions counts as a use, including
 * declaration names and shadowing locals, so an import is called elided only when no value
 * position mentions its name at all.
 */
import { ts } from './ts.js';
import { SK } from './classify.js';

export function valueUses(sf: ts.SourceFile, candidates: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  const walk = (n: ts.Node): void => {
    switch (n.kind) {
      case SK.Identifier: {
        const text = (n as ts.Identifier).text;
        if (candidates.has(text)) used.add(text);
        return;
      }
      case SK.ExportDeclaration:
        // `export type { X }` (and `export { type X }`) exports no value: it keeps no import alive.
        if ((n as ts.ExportDeclaration).isTypeOnly) return;
        break;
      case SK.ExportSpecifier:
        if ((n as ts.ExportSpecifier).isTypeOnly) return;
        break;
      case SK.ImportDeclaration:
      case SK.InterfaceDeclaration:
      case SK.TypeAliasDeclaration:
        return;
      case SK.HeritageClause: {
        // `extends Base` of a class is a runtime reference; `implements I` is not.
        const h = n as ts.HeritageClause;
        if (h.token === SK.ExtendsKeyword) for (const t of h.types) walk(t.expression);
        return;
      }
      case SK.PropertyAccessExpression:
        walk((n as ts.PropertyAccessExpression).expression);
        return;
      case SK.PropertyAssignment: {
        const p = n as ts.PropertyAssignment;
        if (ts.isComputedPropertyName(p.name)) walk(p.name);
        walk(p.initializer);
        return;
      }
      case SK.ModuleDeclaration:
        // `declare module 'x' { … }` / ambient namespaces hold only types unless they have bodies with values.
        if (ts.getModifiers(n as ts.ModuleDeclaration)?.some((m) => m.kind === SK.DeclareKeyword)) return;
        break;
    }
    if (ts.isTypeNode(n)) return;
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return used;
}

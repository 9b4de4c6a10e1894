/**
 * Imports: `import a.b as c`, `from .x import y`, `from x import *`, `__all__`, and lazy imports inside functions.
 */
import type { ImportFact, Span } from '../../../model/facts.js';
import { parseImportText, statementEnd } from '../scan.js';
import type { PyExtraction, Site } from './context.js';

export function onImport(x: PyExtraction, site: Site): void {
  const start = site.start;
  const ctx = x.context(start);
  let typeOnly = false;
  let compatFallback = false;
  let onlyIfFailed = false;
  // Statements at column 1 sit directly in the module: no need to look at ancestors.
  if (x.column(start) > 1) {
    for (let p = x.nodeOf(site).parent; p && p.type !== 'module' && p.type !== 'function_definition' && p.type !== 'class_definition'; p = p.parent) {
      if (p.type === 'block' && p.parent?.type === 'if_statement' && p.parent.childForFieldName('consequence')?.startIndex === p.startIndex) {
        const cond = p.parent.childForFieldName('condition');
        if (cond && /^(typing\.)?TYPE_CHECKING$/.test(x.src.of(cond))) typeOnly = true;
      }
      if (p.type === 'try_statement' && /\bexcept\s*\(?[^:]*\b(ImportError|ModuleNotFoundError)\b/.test(x.src.of(p))) compatFallback = true;
      // In the `except ImportError:` branch: runs only when the import before it failed.
      if (p.type === 'except_clause' && /^except\s*\(?[^:]*\b(ImportError|ModuleNotFoundError)\b/.test(x.src.of(p))) onlyIfFailed = true;
    }
  }
  // Inside a function, or under `if __name__ == "__main__":` (runs only as a script): not at import.
  const lazy = ctx.fn !== undefined || ctx.inMain === true;
  const moduleLevel = !ctx.fn && !ctx.cls;
  const end = statementEnd(x.text, start);
  const at = x.span(start, end);
  const push = (fact: ImportFact): void => {
    if (typeOnly) fact.typeOnly = fact.elided = true;
    // An import inside a function runs when the function is called, not at module load.
    if (lazy) fact.lazy = true;
    if (compatFallback) fact.compatFallback = true;
    if (onlyIfFailed) fact.onlyIfFailed = true;
    x.facts.imports.push(fact);
    for (const n of fact.names) {
      if (!n.local) continue;
      if (moduleLevel) {
        x.moduleNames.add(n.local);
        x.importLocals.add(n.local);
      }
    }
  };
  // The statement's text names everything; the node is the fallback for odd layouts.
  const parsed = parseImportText(x.text, start, end);
  if (parsed && parsed.module === undefined) {
    for (const n of parsed.names) {
      const local = n.alias ?? n.name;
      const nameAt = x.span(n.start, n.end);
      push({ specifier: n.name, kind: 'static', typeOnly: false, names: [{ imported: '*', local, typeOnly, at: nameAt }], at });
      if (moduleLevel && n.alias) x.facts.exports.push({ kind: 'reexport', from: n.name, imported: '*', exported: local, typeOnly, at: nameAt });
    }
    return;
  }
  if (x.text.startsWith('import', start)) {
    for (const n of x.nodeOf(site).namedChildren) {
      if (!n) continue;
      const aliased = n.type === 'aliased_import';
      const target = aliased ? n.childForFieldName('name') : n;
      const alias = aliased ? n.childForFieldName('alias') : null;
      if (!target) continue;
      const spec = x.src.of(target).replace(/\s+/g, '');
      const local = alias ? x.src.of(alias) : spec;
      push({ specifier: spec, kind: 'static', typeOnly: false, names: [{ imported: '*', local, typeOnly, at: x.spanOf(n) }], at });
      if (moduleLevel && alias) x.facts.exports.push({ kind: 'reexport', from: spec, imported: '*', exported: local, typeOnly, at: x.spanOf(n) });
    }
    return;
  }
  let spec: string;
  const names: { imported: string; local: string; at: Span }[] = [];
  let star = false;
  if (parsed && parsed.module !== undefined) {
    spec = parsed.module;
    star = parsed.star;
    for (const n of parsed.names) names.push({ imported: n.name, local: n.alias ?? n.name, at: x.span(n.start, n.end) });
  } else {
    const node = x.nodeOf(site);
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    spec = x.src.of(moduleNode).replace(/\s+/g, '');
    for (const n of node.namedChildren) {
      if (!n || n.startIndex === moduleNode.startIndex) continue;
    if (n.type === 'wildcard_import') star = true;
    else if (n.type === 'aliased_import') {
      const nm = n.childForFieldName('name');
      const al = n.childForFieldName('alias');
      if (nm && al) names.push({ imported: x.src.of(nm), local: x.src.of(al), at: x.spanOf(n) });
    } else if (n.type === 'dotted_name' || n.type === 'identifier') {
      const t = x.src.of(n);
      names.push({ imported: t, local: t, at: x.spanOf(n) });
    }
    }
  }
  const level = /^\.*/.exec(spec)![0].length;
  if (spec === '__future__') return;
  const kind: ImportFact['kind'] = 'static';
  const withLevel = (f: ImportFact): ImportFact => (level > 0 ? { ...f, level } : f);
  if (star) {
    push(withLevel({ specifier: spec, kind, typeOnly: false, names: [], at }));
    if (moduleLevel) x.facts.exports.push({ kind: 'star', from: spec, typeOnly, at });
    return;
  }
  if (x.isInit && spec === '.') {
    // `from . import x` inside a package's own __init__.py: x can only be a submodule.
    for (const n of names) {
      push({ specifier: `.${n.imported}`, kind, typeOnly: false, names: [{ imported: '*', local: n.local, typeOnly, at: n.at }], at, level: 1 });
      if (moduleLevel) x.facts.exports.push({ kind: 'reexport', from: `.${n.imported}`, imported: '*', exported: n.local, typeOnly, at: n.at });
    }
    return;
  }
  push(withLevel({ specifier: spec, kind, typeOnly: false, names: names.map((n) => ({ imported: n.imported, local: n.local, typeOnly, at: n.at })), at }));
  if (moduleLevel) {
    for (const n of names) x.facts.exports.push({ kind: 'reexport', from: spec, imported: n.imported, exported: n.local, typeOnly, at: n.at });
  }
}

/** At the end: every module-level name is an attribute others can import; `__all__` decides what a star import takes. */
export function finishExports(x: PyExtraction): void {
  // Exports: every module-level name is an attribute others can import.
  for (const d of x.facts.declarations) {
    x.facts.exports.push({ kind: 'local', exported: d.name, local: d.name, typeOnly: d.kind === 'type' || d.kind === 'interface', at: d.at });
  }
  if (x.starNames) {
    x.facts.starNames = x.starNames;
    for (const b of x.facts.bindings) b.exported = x.starNames.includes(b.name);
    for (const f of x.facts.functions) if (!f.className && !f.qualifiedName.includes('.')) f.exported = x.starNames.includes(f.name);
    for (const c of x.classes) if (x.topClasses.get(c.fact.name) === c) c.fact.exported = x.starNames.includes(c.fact.name);
  }
}

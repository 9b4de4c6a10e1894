import { conceptKey, defineRule, hopsToChain, isErrorClass, loc, similarClasses, type ProjectIndex } from '../../src/api/index.js';

// Classes only: same-named functions in different modules are ordinary modular design (`map`,
// `fail`, `succeed` per module); a class renamed onto another class's name is the compat-shim trap.
const CLASS_KINDS = new Set(['class', 'abstract-class']);

export default defineRule({
  id: 'alias-divergence',
  severity: 'error',
  summary: 'a class exported under the name of a different class, so one name means different classes depending on the import path',
  primaryLocation: 'the export (alias) that renames',
  options: {},
  check(index, _options, report) {
    // Every top-level value declaration by name.
    const declared = new Map<string, { file: string; at: { line: number; column: number; endLine: number; endColumn: number }; kind: string }[]>();
    for (const f of index.files) {
      if (index.isTestFile(f.path)) continue;
      for (const d of f.declarations) {
        if (!CLASS_KINDS.has(d.kind) || d.name === 'default') continue;
        const list = declared.get(d.name);
        const entry = { file: f.path, at: d.at, kind: d.kind };
        if (list) list.push(entry);
        else declared.set(d.name, [entry]);
      }
    }
    for (const f of index.files) {
      if (index.isTestFile(f.path)) continue;
      const names = new Set<string>();
      for (const e of f.exports) if (e.kind !== 'star' && !e.typeOnly && e.exported !== 'default' && e.exported !== '*') names.add(e.exported);
      for (const name of names) {
        const others = declared.get(name);
        if (!others) continue;
        const r = index.resolveExport(f.path, name);
        if (!r || !CLASS_KINDS.has(r.symbol.kind) || r.symbol.name === name) continue;
        // The first renaming hop in this module is where the name starts to mean something else.
        const hop = r.chain.find((h) => h.file === f.path && (h.kind === 'alias' || h.kind === 'export' || h.kind === 'reexport'));
        if (!hop) continue;
        // `from tkinter.ttk import LabelFrame` passes the name on unchanged: the rename is reported
        // where it happens, not in every module that imports the result.
        if (f.exports.some((e) => e.kind === 'reexport' && e.exported === name && e.imported === name)) continue;
        const target = index.classIn(r.symbol.file, r.symbol.name);
        // `error = Error` (Python's per-module error alias): each module's error type is its own.
        if (!target || isErrorClass(index, r.symbol.id)) continue;
        // The other class must be the same concept (decorated name or shared behaviour) and not an
        // ancestor or descendant: exporting a subclass under its base's name is a specialisation.
        const python = f.language === 'python';
        const elsewhere = others.filter((o) => {
          if (`${o.file}#${name}` === r.symbol.id) return false;
          // The other language's program never sees this name.
          if ((index.file(o.file)?.language === 'python') !== python) return false;
          const other = index.classIn(o.file, name);
          if (!other) return false;
          if (related(index, r.symbol.file, r.symbol.name, `${o.file}#${name}`) || related(index, o.file, name, r.symbol.id)) return false;
          return conceptKey(r.symbol.name) === conceptKey(name) || similarClasses(target, other);
        });
        if (elsewhere.length === 0) continue;
        const means = `${r.symbol.name} (${r.symbol.file})`;
        report({
          file: f.path,
          at: { line: hop.line, column: hop.column, endLine: hop.line, endColumn: hop.column },
          symbol: name,
          key: `${name}\0${r.symbol.id}`,
          message: `${name} exported here means ${means}, but ${name} declared in ${elsewhere[0]!.file} is a different ${elsewhere[0]!.kind.replace('abstract-class', 'class')}: importers get a different implementation depending on the path they use.`,
          related: [
            loc(r.symbol.file, target.nameAt, `what this ${name} really is: class ${r.symbol.name}`),
            ...elsewhere.map((o) => loc(o.file, index.classIn(o.file, name)?.nameAt ?? o.at, `the other ${name}`)),
          ],
          chain: [...hopsToChain(r.chain), { file: r.symbol.file, line: target.nameAt.line, column: target.nameAt.column, text: `class ${r.symbol.name}` }],
        });
      }
    }
  },
});

/** Does class `file#name` extend `ancestorId`, directly or through other project classes? */
function related(index: ProjectIndex, file: string, name: string, ancestorId: string, depth = 0): boolean {
  if (depth > 16) return false;
  const cls = index.classIn(file, name);
  if (!cls?.extends) return false;
  const base = index.resolveClass(file, cls.extends);
  if (!base) return false;
  return base.id === ancestorId || related(index, base.file, base.cls.name, ancestorId, depth + 1);
}

import { defineRule, hopsToChain, loc } from '../../src/api/index.js';

const VALUE_KINDS = new Set(['class', 'abstract-class', 'function', 'variable', 'enum']);

export default defineRule({
  id: 'alias-divergence',
  severity: 'error',
  summary: 'an exported name that means a different declaration than the one declared under that name',
  primaryLocation: 'the export (alias) that renames',
  options: {},
  check(index, _options, report) {
    // Every top-level value declaration by name.
    const declared = new Map<string, { file: string; at: { line: number; column: number; endLine: number; endColumn: number }; kind: string }[]>();
    for (const f of index.files) {
      if (index.isTestFile(f.path)) continue;
      for (const d of f.declarations) {
        if (!VALUE_KINDS.has(d.kind) || d.name === 'default') continue;
        const b = d.kind === 'variable' ? index.bindingIn(f.path, d.name) : undefined;
        if (b && b.init.kind === 'alias') continue; // an alias is not a declaration of its own
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
        if (!r || r.symbol.kind === 'module' || r.symbol.name === name) continue;
        // The first renaming hop in this module is where the name starts to mean something else.
        const hop = r.chain.find((h) => h.file === f.path && (h.kind === 'alias' || h.kind === 'export' || h.kind === 'reexport'));
        if (!hop) continue;
        const elsewhere = others.filter((o) => `${o.file}#${name}` !== r.symbol.id);
        if (elsewhere.length === 0) continue;
        const target = `${r.symbol.name} (${r.symbol.file})`;
        report({
          file: f.path,
          at: { line: hop.line, column: hop.column, endLine: hop.line, endColumn: hop.column },
          symbol: name,
          key: `${name}\0${r.symbol.id}`,
          message: `${name} exported here means ${target}, but ${name} declared in ${elsewhere[0]!.file} is a different ${elsewhere[0]!.kind.replace('abstract-class', 'class')}: importers get a different implementation depending on the path they use.`,
          related: [
            loc(r.symbol.file, r.symbol.at, `what this ${name} really is: ${r.symbol.name}`),
            ...elsewhere.map((o) => loc(o.file, o.at, `the other ${name}`)),
          ],
          chain: hopsToChain(r.chain),
        });
      }
    }
  },
});

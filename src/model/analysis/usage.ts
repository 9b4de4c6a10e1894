/**
 * Who imports each declaration, and through which module. Computed once per index; shared by
 * duplicate-implementation (which implementation is used most), divergent-import-path and the
 * concept roll-up.
 */
import type { ImportFact, Span } from '../facts.js';
import type { Hop, ProjectIndex, Resolution } from '../project-index.js';

export interface ImportUse {
  /** The importing file. */
  file: string;
  fact: ImportFact;
  /** Name as imported from the module (`WebSocketManager`, 'default'). */
  imported: string;
  local: string;
  /** The module file the specifier resolves to: the "path" used. */
  via: string;
  typeOnly: boolean;
  chain: Hop[];
  at: Span;
}

export interface SymbolUsage {
  symbolId: string;
  uses: ImportUse[];
}

export function importUsage(index: ProjectIndex): Map<string, SymbolUsage> {
  return index.memo('importUsage', () => {
    const out = new Map<string, SymbolUsage>();
    for (const file of index.files) {
      for (const fact of file.imports) {
        if (fact.names.length === 0) continue;
        const via = index.resolveModule(file.path, fact);
        if (via === undefined) continue;
        for (const n of fact.names) {
          if (n.imported === '*') continue;
          const r = ownResolution(index, file.path, fact, n.imported, n.local, via);
          if (!r || r.symbol.kind === 'module') continue;
          const u = out.get(r.symbol.id) ?? { symbolId: r.symbol.id, uses: [] };
          u.uses.push({ file: file.path, fact, imported: n.imported, local: n.local, via, typeOnly: n.typeOnly || fact.typeOnly, chain: r.chain, at: n.at ?? fact.at });
          out.set(r.symbol.id, u);
        }
      }
    }
    return out;
  });
}

/**
 * What this import binds. Usually the file's own name resolution, whose first hop is this import;
 * but a Python function may bind one local through several imports (`from a import P as Printer`
 * in one branch, `from b import Q as Printer` in another), and the module scope sees only one.
 */
function ownResolution(index: ProjectIndex, file: string, fact: ImportFact, imported: string, local: string, via: string): Resolution | undefined {
  const r = index.resolveName(file, local);
  const first = r?.chain[0];
  if (r && first?.kind === 'import' && first.file === file && first.line === fact.at.line && first.column === fact.at.column) return r;
  const own = index.resolveExport(via, imported);
  if (!own) return undefined;
  const text = index.language(file).namedImportText(fact.specifier, imported, local);
  return { symbol: own.symbol, chain: [{ kind: 'import', file, line: fact.at.line, column: fact.at.column, text }, ...own.chain] };
}

/**
 * Who imports each declaration, and through which module. Computed once per index; shared by
 * duplicate-implementation (which implementation is used most), divergent-import-path and the
 * concept roll-up.
 */
import type { ImportFact, Span } from '../facts.js';
import type { Hop, ProjectIndex } from '../project-index.js';

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
          const r = index.resolveName(file.path, n.local);
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

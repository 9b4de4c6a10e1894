/**
 * How much of the project's import graph the linker could not follow, by reason: what tells a user
 * that an analysis is partial (a monorepo whose packages do not resolve looks clean, not broken).
 */
import { mayDefineName } from '../model/analysis/imports.js';
import type { ProjectIndex } from '../model/project-index.js';
import type { UnresolvedImports } from '../report/types.js';

/** Counts over every file of the index (tests included: their imports are part of the graph too). */
export function countUnresolvedImports(index: ProjectIndex): UnresolvedImports {
  const out: UnresolvedImports = { imports: 0, project: 0, external: 0, missing: 0, 'missing-name': 0, dynamic: 0 };
  for (const f of index.files) {
    for (const imp of f.imports) {
      out.imports++;
      const target = index.resolveModule(f.path, imp);
      if (target === undefined) {
        if (imp.kind === 'dynamic') out.dynamic++;
        else if (index.isProjectSpecifier(f.path, imp)) {
          out.project++;
          out.missing++;
        } else out.external++;
        continue;
      }
      out.project++;
      if (imp.kind === 'require') continue; // CommonJS interop: no ESM surface to check
      for (const n of imp.names) {
        if (n.imported === '*' || n.local === '') continue;
        if (index.resolveExport(target, n.imported) || mayDefineName(index, target, n.imported)) continue;
        out['missing-name']++;
      }
    }
  }
  return out;
}

/**
 * How much of the project's import graph the linker could not follow, by reason: what tells a user
 * that an analysis is partial (a monorepo whose packages do not resolve looks clean, not broken).
 */
import { mayDefineName } from '../model/analysis/imports.js';
import type { ProjectIndex } from '../model/project-index.js';

export interface UnresolvedImports {
  /** Import statements (static, re-export, require, side-effect and dynamic) in the analysed files. */
  imports: number;
  /** Of those, imports of project modules: resolved to an analysed file, or `missing`. */
  project: number;
  /** Not resolved, and not the project's: an installed or missing external package. */
  external: number;
  /** Not resolved, though the specifier names the project (relative, a tsconfig `paths` alias, a workspace package, a project Python package). */
  missing: number;
  /** Names imported from a resolved project module that neither defines nor re-exports them (as `broken-import` reads it). */
  'missing-name': number;
  /** Dynamic imports (`import('x')`, `importlib.import_module('x')`) that did not resolve. */
  dynamic: number;
}

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
        if (n.imported === '*' || n.local === '' || /^__\w+__$/.test(n.imported)) continue;
        if (index.resolveExport(target, n.imported) || mayDefineName(index, target, n.imported)) continue;
        out['missing-name']++;
      }
    }
  }
  return out;
}

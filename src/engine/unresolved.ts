/**
 * How much of the project's import graph the linker could not follow, by reason: what tells a user
 * that an analysis is partial (a monorepo whose packages do not resolve looks clean, not broken).
 */
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
      if (imp.kind === 'require' && f.language !== 'python') continue; // CommonJS interop: no ESM surface to check
      for (const n of imp.names) {
        if (n.imported === '*' || n.local === '' || /^__\w+__$/.test(n.imported)) continue;
        if (index.resolveExport(target, n.imported) || mayDefine(index, target, n.imported)) continue;
        out['missing-name']++;
      }
    }
  }
  return out;
}

/**
 * Whether `module` may have `name` although the index cannot follow it there: JavaScript (its
 * exports are not all static), a star export from outside the project, a Python module-level
 * `__getattr__`, or a name the module itself imports (from a package outside the project).
 */
function mayDefine(index: ProjectIndex, module: string, name: string): boolean {
  const f = index.file(module);
  if (!f || f.language === 'javascript') return true;
  if (f.exports.some((e) => e.kind === 'star' && index.resolveModule(module, e.from) === undefined)) return true;
  if (f.language === 'python') return !!(index.declarationIn(module, '__getattr__') || index.importBinding(module, name) || index.declarationIn(module, name));
  return false;
}

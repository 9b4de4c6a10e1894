/** What an import may find in a project module: shared by broken-import and the unresolved-imports summary. */
import type { ProjectIndex } from '../project-index.js';

/**
 * Can `name` exist in `module` although the index does not resolve it: a module whose names are
 * not all known statically (JavaScript, a star export from outside the project, a module-level
 * `__getattr__`, a namespace package, names made at run time), or a Python module that imports the
 * name itself.
 */
export function mayDefineName(index: ProjectIndex, module: string, name: string): boolean {
  const f = index.file(module);
  if (!f) return true;
  const language = index.language(module);
  if (!language.namesKnownStatically) return true;
  if (f.exports.some((e) => e.kind === 'star' && index.resolveModule(module, e.from) === undefined)) return true;
  return language.mayDefineName?.(index, module, name) ?? false;
}

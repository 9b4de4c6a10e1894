/** What an import may find in a project module: shared by broken-import and the unresolved-imports summary. */
import type { ProjectIndex } from '../project-index.js';

const DYNAMIC_NAMES = new Set(['globals', 'vars', 'locals', 'exec', 'eval', 'setattr', '__import__', 'importlib.import_module']);

/**
 * Can `name` exist in `module` although the index does not resolve it: a module whose names are
 * not all known statically (JavaScript, a star export from outside the project, a module-level
 * `__getattr__`, a namespace package, names made at run time), or a Python module that imports the
 * name itself.
 */
export function mayDefineName(index: ProjectIndex, module: string, name: string): boolean {
  const f = index.file(module);
  if (!f) return true;
  if (f.language === 'javascript') return true;
  if (f.exports.some((e) => e.kind === 'star' && index.resolveModule(module, e.from) === undefined)) return true;
  if (f.language === 'python') {
    if (index.declarationIn(module, '__getattr__') || index.importBinding(module, name) || index.declarationIn(module, name)) return true;
    // Names made at run time: `globals().update(...)`, `mod_dict = globals()`, `exec(...)`,
    // `setattr(sys.modules[__name__], ...)`, `__all__.extend(...)`.
    if (f.calls.some((c) => DYNAMIC_NAMES.has(c.callee) || c.callee.startsWith('__all__.'))) return true;
    // `@enum.global_enum` (re.IGNORECASE) puts an enum's members into the module.
    if (f.classes.some((c) => c.decorators.some((d) => /(^|\.)global_enum$/.test(d)))) return true;
  }
  return false;
}

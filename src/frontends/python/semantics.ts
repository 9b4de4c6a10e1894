/** What the linker and the rules need to know about Python (see src/model/language.ts). */
import path from 'node:path';
import type { LanguageSemantics, Spelling } from '../../model/language.js';
import type { ImportBinding, ProjectIndex } from '../../model/project-index.js';
import { PY_EXTENSIONS } from './extensions.js';

const OPS: Record<string, string> = { set: 'insert', get: 'lookup', has: 'membership test', delete: 'removal' };

export const PY_SPELLING: Spelling = {
  construction: (c) => `${c}()`,
  catchBlock: 'an except block',
  rethrow: 're-raise or report the error instead',
  throws: 'raises',
  published: 'bound here',
  classField: 'class attribute',
  perInstanceInstead: 'create it per instance in __init__ (or annotate it ClassVar if every instance is meant to share it)',
  awaitSync: (name) => `its result is not awaitable ("object … can't be used in 'await' expression"), a crash each time the line runs; call ${name}() without await, or make it \`async def\` if it is meant to be`,
  awaitSyncEffect: 'raises TypeError',
  keyedOp: (r, op, k) => (op === 'set' ? `${r}[${k}] = …` : op === 'has' ? `${k} in ${r}` : op === 'delete' ? `del ${r}[${k}]` : `${r}[${k}]`),
  keyedOpName: (op) => OPS[op] ?? op,
  cycleEffect:
    'depending on which is imported first, one of them runs before the names it imports are defined (`from … import` raises ImportError on the partially initialised module, an attribute read AttributeError)',
  noValue: 'returns None',
  nonAwaitable: 'non-awaitable',
  returnsConstruction: (c) => `returns ${c}(…), which is not awaitable`,
  functionKind: (async) => (async ? 'async def' : 'def'),
  laterDefinitionWins: (kind, name) => `Python binds ${name} to the last ${kind === 'class' ? '`class`' : '`def`'} in the ${kind === 'method' ? 'class body' : 'module'}`,
  moduleText: (specifier) => specifier,
  missingModule: (text, name) => ({
    message: `${text} is not a module of this project: importing it raises ModuleNotFoundError${name ? ` (or ImportError for the name ${name})` : ''}.`,
    title: `${text} is not a module of this project: importing it raises ModuleNotFoundError`,
  }),
  missingName: (target, name, specifier) => ({
    message: `${target} has no name ${name} (not defined, imported or a submodule there): \`from ${specifier} import ${name}\` raises ImportError.`,
    title: `${target} has no name ${name} (not defined, imported or a submodule there): importing it raises ImportError`,
  }),
};

function importText(imp: ImportBinding): string {
  const { fact, name } = imp;
  if (name.imported === '*') {
    // `from . import x` (a submodule) is recorded as a namespace import of `.x`.
    const rel = /^(\.+)(?:(.*)\.)?([^.]+)$/.exec(fact.specifier);
    if (rel) return `from ${rel[1]}${rel[2] ?? ''} import ${rel[3]}${rel[3] === name.local ? '' : ` as ${name.local}`}`;
    return name.local === fact.specifier ? `import ${fact.specifier}` : `import ${fact.specifier} as ${name.local}`;
  }
  return `from ${fact.specifier} import ${name.imported === name.local ? name.local : `${name.imported} as ${name.local}`}`;
}

const DYNAMIC_NAMES = new Set(['globals', 'vars', 'locals', 'exec', 'eval', 'setattr', '__import__', 'importlib.import_module']);

/**
 * A dunder (`__file__`, `__all__`, `__version__`: attributes the interpreter or the module sets), a
 * module-level `__getattr__`, a name the module imports itself, or names made at run time.
 */
function mayDefineName(index: ProjectIndex, module: string, name: string): boolean {
  if (/^__\w+__$/.test(name)) return true;
  const f = index.file(module)!;
  if (index.declarationIn(module, '__getattr__') || index.importBinding(module, name) || index.declarationIn(module, name)) return true;
  // Names made at run time: `globals().update(...)`, `mod_dict = globals()`, `exec(...)`,
  // `setattr(sys.modules[__name__], ...)`, `__all__.extend(...)`.
  if (f.calls.some((c) => DYNAMIC_NAMES.has(c.callee) || c.callee.startsWith('__all__.'))) return true;
  // `@enum.global_enum` (re.IGNORECASE) puts an enum's members into the module.
  if (f.classes.some((c) => c.decorators.some((d) => /(^|\.)global_enum$/.test(d)))) return true;
  return false;
}

const isPackageInit = (file: string): boolean => /(^|\/)__init__\.py$/.test(file);

export const PYTHON_SEMANTICS: LanguageSemantics = {
  id: 'python',
  extensions: PY_EXTENSIONS,
  runtime: 'python',
  spelling: PY_SPELLING,
  everyModuleNameImportable: true,
  isPrivateName: (name) => name.startsWith('_'),
  isPrivateModule(file) {
    const stem = path.posix.basename(file) === '__init__.py' ? path.posix.basename(path.posix.dirname(file)) : path.posix.basename(file).replace(/\.py$/, '');
    return stem.startsWith('_') && !stem.startsWith('__');
  },
  importsArePrivateUnlessPublished: true,
  publishesImports: isPackageInit,
  constructorNames: ['__init__', '__new__'],
  globalObjects: ['builtins'],
  plainDataCollections: ['dict', 'list'],
  namesKnownStatically: true,
  mayDefineName,
  importText,
  namedImportText: (specifier, imported, local) => `from ${specifier} import ${imported}${imported === local ? '' : ` as ${local}`}`,
  reexportText: (from, imported, exported) =>
    imported === '*' ? `import ${from}${from === exported ? '' : ` as ${exported}`}` : `from ${from} import ${imported === exported ? exported : `${imported} as ${exported}`}`,
  exportStarText: (from) => `from ${from} import *`,
};

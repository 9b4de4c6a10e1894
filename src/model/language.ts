/**
 * What the linker, the analyses and the rules need to know about a language, asked per file
 * (`index.language(file)`), never by comparing language names. Each language plugin
 * (src/frontends/<lang>/index.ts) supplies one of these per `FileFacts.language` it produces; the
 * engine hands them to the ProjectIndex. Capabilities are named by what they mean.
 */
import type { ImportBinding, ProjectIndex } from './project-index.js';

export interface LanguageSemantics {
  /** The `language` of the facts this applies to (`typescript`, `javascript`, `python`). */
  readonly id: string;
  /** File name endings this language is assumed for when the index has no facts for a file (first match wins). */
  readonly extensions: readonly string[];
  /**
   * Languages of one runtime import each other and form one program (`js`: TypeScript and
   * JavaScript); a TypeScript client and a Python server are never duplicates of each other.
   */
  readonly runtime: string;
  /** How messages say things in this language. */
  readonly spelling: Spelling;
  /**
   * Every module-level name can be imported (Python), not only the exported ones (TypeScript): a
   * name is public unless `isPrivateName` says so.
   */
  readonly everyModuleNameImportable: boolean;
  /** A name its spelling marks as private to its module (Python `_x`). */
  isPrivateName(name: string): boolean;
  /** `_name.py`, `_name/__init__.py`: a module its package keeps private. */
  isPrivateModule(file: string): boolean;
  /**
   * A module-level `import Y as X` is a local name for the module's own use, not a re-export,
   * unless the module publishes it (Python, where every import is an attribute of the module).
   */
  readonly importsArePrivateUnlessPublished: boolean;
  /** A module whose imports are its exports: it exists to publish them (a Python package's `__init__.py`). */
  publishesImports(file: string): boolean;
  /** Objects whose members are the globals (`globalThis.WebSocket`, `window.X`; Python `builtins.X`). */
  readonly globalObjects: readonly string[];
  /**
   * Collection types that are plain data, like an object or array literal (Python `dict`, `list`),
   * as opposed to a deliberate cache (`Map`, `Set`).
   */
  readonly plainDataCollections: readonly string[];
  /** The names of a class's constructor methods (`constructor`; `__init__`, `__new__`). */
  readonly constructorNames: readonly string[];
  /** False: a module's names cannot be known statically (JavaScript), so no imported name is missing. */
  readonly namesKnownStatically: boolean;
  /** Names a module may have although no fact defines them (Python: `__getattr__`, `globals()`, a name it imports). */
  mayDefineName?(index: ProjectIndex, module: string, name: string): boolean;
  /** An import binding as written: `import { A as B } from './x'`, `from x import A as B`. */
  importText(imp: ImportBinding): string;
  /** A named import as written: `import { A } from 'x'`, `from x import A`. */
  namedImportText(specifier: string, imported: string, local: string): string;
  /** A re-export as written (`imported` '*': the whole module under `exported`). */
  reexportText(from: string, imported: string, exported: string): string;
  /** A star re-export as written: `export * from 'x'`, `from x import *`. */
  exportStarText(from: string): string;
}

/**
 * How a message says things in the language of the file it is about: JavaScript and TypeScript
 * (`new X()`, static fields, `map.set(k)`, "throws") or Python (`X()`, class attributes, `d[k] = …`,
 * "raises"). Rules take their language-dependent wording from here (`index.language(file).spelling`).
 */
export interface Spelling {
  /** `new X()` (TypeScript), `X()` (Python). */
  construction(callee: string): string;
  /** `a catch block`, `an except block`. */
  catchBlock: string;
  /** What to do instead of a fallback construction in an error handler. */
  rethrow: string;
  /** `throws`, `raises`. */
  throws: string;
  /** How a module-level name is made visible to importers: `exported here`, `bound here`. */
  published: string;
  /** A class-level member: `static field`, `class attribute`. */
  classField: string;
  /** What to do about a class-level collection every instance mutates in place (shared-mutable-state). */
  perInstanceInstead: string;
  /**
   * What awaiting a synchronous function's result does at run time, and what to do instead.
   * Python: a TypeError, the result is not awaitable (a crash); JavaScript: nothing, the value comes
   * back as it is one microtask later, so the `await` only misleads the reader.
   */
  awaitSync(name: string): string;
  /** The effect of `await f()` on a synchronous f in short: `raises TypeError`, `has no effect`. */
  awaitSyncEffect: string;
  /** A keyed operation as written: `m.set(k)` / `d[k] = …`, `m.get(k)` / `d[k]`, `m.has(k)` / `k in d`, `m.delete(k)` / `del d[k]`. */
  keyedOp(receiver: string, op: string, key: string): string;
  /** `get`, `lookup`: an operation's name in "… with the same key". */
  keyedOpName(op: string): string;
  /** What goes wrong in an import cycle. */
  cycleEffect: string;
  /** A sync verdict's "no return value": `returns no value`, `returns None`. */
  noValue: string;
  /** `non-promise`, `non-awaitable`. */
  nonAwaitable: string;
  /** A sync verdict for a function that returns a new instance: `returns new X(…), not a Promise`. */
  returnsConstruction(callee: string): string;
  /** A function's kind in a factory's contract: `async` / `synchronous`, `async def` / `def`. */
  functionKind(async: boolean): string;
  /** Why a redefinition replaces the earlier definition: `Python binds X to the last \`def\` in the module`. */
  laterDefinitionWins(kind: 'class' | 'function' | 'method', name: string): string;
  /** A module specifier in a message: `'./x'`, `pkg.x`. */
  moduleText(specifier: string): string;
  /** broken-import: a project module that does not exist (`name`: the name it may have meant). */
  missingModule(text: string, name?: string): { message: string; title: string };
  /** broken-import: a name the target module does not define (`declared`: it declares it without exporting it). */
  missingName(target: string, name: string, specifier: string, declared: boolean): { message: string; title: string };
}

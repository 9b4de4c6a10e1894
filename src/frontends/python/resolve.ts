/**
 * Python module names → project files, the way the interpreter would find them with the project's
 * source roots on `sys.path`, restricted to files the run discovered: anything else (the standard
 * library, site-packages) is external and rules stay silent on it.
 *
 * - absolute `a.b.c`: `<root>/a/b/c.py`, `<root>/a/b/c/__init__.py`, or a namespace package
 *   `<root>/a/b/c/` (a directory of Python files without `__init__.py`), for each source root;
 * - relative `..pkg.mod` (level 2): from the importing file's package, one level up per extra dot;
 * - `from pkg import name`: `name` is pkg's attribute, else the submodule `pkg/name` (`submodule`).
 *
 * A namespace package has no file; it resolves to the virtual path `<dir>/__init__.py`, which the
 * index treats as a module with no names of its own but with submodules.
 *
 * Source roots: the config's `python.roots`, else detected — the project root, `src/` and `lib/`
 * when present, and every directory that holds a top-level package (a package whose parent is not
 * one), e.g. `backend/` for `backend/app/__init__.py`.
 */
import path from 'node:path';
import type { ImportFact } from '../../model/facts.js';
import type { ModuleResolver } from '../../model/project-index.js';

export class PythonModuleResolver implements ModuleResolver {
  readonly starImportBinds = true;
  readonly selfName = 'self';
  readonly roots: string[];
  private readonly files: ReadonlySet<string>;
  /** Directories that contain a Python file somewhere below them. */
  private readonly dirs = new Set<string>();
  private readonly cache = new Map<string, string | null>();

  /**
   * `files`: root-relative POSIX paths of every discovered file; `roots`: root-relative directories;
   * `rootName`: the project root directory's own name, so that when the root is itself a package
   * (`app/` holding `__init__.py`), `app.x` means `x.py`.
   */
  constructor(
    files: Iterable<string>,
    roots?: readonly string[],
    private readonly rootName?: string,
    /** Root-relative directories the run walked whole ('' = the root); undefined: all of them. */
    private readonly walked?: readonly string[],
  ) {
    const py = new Set<string>();
    for (const f of files) if (f.endsWith('.py')) py.add(f);
    this.files = py;
    for (const f of py) {
      for (let d = path.posix.dirname(f); d !== '.' && !this.dirs.has(d); d = path.posix.dirname(d)) this.dirs.add(d);
    }
    this.roots = roots ? roots.map(normaliseDir) : this.detectRoots();
  }

  private detectRoots(): string[] {
    // A root that is itself a package (`sympy/` holding `__init__.py`) is not on sys.path: its
    // parent is. `import abc` there is the standard library's, not `sympy/abc.py`.
    const roots = new Set<string>(this.rootName && this.files.has('__init__.py') ? [] : ['']);
    for (const d of ['src', 'lib']) if (this.dirs.has(d)) roots.add(d);
    for (const f of this.files) {
      if (!f.endsWith('/__init__.py')) continue;
      let pkg = path.posix.dirname(f);
      // Climb while the parent is itself a regular package.
      for (;;) {
        const parent = path.posix.dirname(pkg);
        if (parent === '.' || !this.files.has(`${parent}/__init__.py`)) break;
        pkg = parent;
      }
      const parent = path.posix.dirname(pkg);
      if (parent !== '.' || !this.files.has('__init__.py') || !this.rootName) roots.add(parent === '.' ? '' : parent);
    }
    return [...roots].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  }

  resolve(fromFile: string, specifier: string, fact?: ImportFact): string | undefined {
    const { level, rest } = splitRelative(specifier, fact);
    if (level > 0) {
      const dir = relativeBase(fromFile, level);
      if (dir === undefined) return undefined;
      const key = `${dir}\0${rest}`;
      const cached = this.cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const found = rest ? this.moduleAt(dir, rest) : this.packageAt(dir);
      this.cache.set(key, found ?? null);
      return found;
    }
    const cached = this.cache.get(specifier);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    for (const root of this.roots) {
      found = this.moduleAt(root, specifier);
      if (found) break;
    }
    if (!found && this.rootName && this.files.has('__init__.py')) {
      if (specifier === this.rootName) found = '__init__.py';
      else if (specifier.startsWith(`${this.rootName}.`)) found = this.moduleAt('', specifier.slice(this.rootName.length + 1));
    }
    this.cache.set(specifier, found ?? null);
    return found;
  }

  isProjectSpecifier(fromFile: string, specifier: string, fact?: ImportFact): boolean {
    const known = this.knownMissing(fromFile, specifier, fact);
    return known !== undefined && (!this.walked || this.walked.some((w) => w === '' || known === w || known.startsWith(`${w}/`)));
  }

  /** The directory a missing project module would be in, if the specifier is the project's. */
  private knownMissing(fromFile: string, specifier: string, fact?: ImportFact): string | undefined {
    const { level, rest } = splitRelative(specifier, fact);
    if (level > 0) {
      // Above the analysed tree: a package this run does not see.
      const base = relativeBase(fromFile, level);
      if (base === undefined) return undefined;
      const parts = rest ? rest.split('.') : [];
      const parent = [base, ...parts.slice(0, -1)].filter(Boolean).join('/');
      return parent === '' || this.dirs.has(parent) ? parent : undefined;
    }
    // `a.b.c` is missing when `a` is a project package and `a/b` one of its directories: not
    // `os.path`, which os.py puts into sys.modules itself.
    const parts = specifier.split('.');
    if (parts.length < 2) return undefined;
    for (const root of this.roots) {
      if (this.moduleAt(root, parts[0]!) === undefined) continue;
      const parent = [root, ...parts.slice(0, -1)].filter(Boolean).join('/');
      if (this.dirs.has(parent)) return parent;
    }
    return undefined;
  }

  programOf(file: string): string {
    let best = -1;
    let rest = file;
    for (const root of this.roots) {
      if (root === '' ? best < 0 : (file.startsWith(`${root}/`) && root.length > best)) {
        best = root.length;
        rest = root === '' ? file : file.slice(root.length + 1);
      }
    }
    const slash = rest.indexOf('/');
    return slash < 0 ? '' : rest.slice(0, slash);
  }

  /** `a.b.c` below `dir`. */
  private moduleAt(dir: string, dotted: string): string | undefined {
    const rel = dotted.split('.').join('/');
    const base = dir ? `${dir}/${rel}` : rel;
    if (this.files.has(`${base}.py`)) return `${base}.py`;
    return this.packageAt(base);
  }

  /** The package whose directory is `dir`: its `__init__.py`, real or (namespace package) virtual. */
  private packageAt(dir: string): string | undefined {
    const init = dir ? `${dir}/__init__.py` : '__init__.py';
    if (this.files.has(init)) return init;
    if (dir && this.dirs.has(dir)) return init;
    return undefined;
  }

  submodule(moduleFile: string, name: string): string | undefined {
    if (!moduleFile.endsWith('__init__.py') || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return undefined;
    const dir = path.posix.dirname(moduleFile);
    return this.moduleAt(dir === '.' ? '' : dir, name);
  }
}

/** `..pkg.mod` → level 2 and `pkg.mod` (the fact's level wins: it survives `from . import x` rewriting). */
function splitRelative(specifier: string, fact?: ImportFact): { level: number; rest: string } {
  const dots = /^\.*/.exec(specifier)![0].length;
  return { level: fact?.level ?? dots, rest: specifier.slice(dots) };
}

/** The package directory a relative import of `level` dots starts from ('' = the root); undefined above the root. */
function relativeBase(fromFile: string, level: number): string | undefined {
  let base = path.posix.dirname(fromFile);
  for (let i = 1; i < level; i++) {
    if (base === '.' || base === '') return undefined;
    base = path.posix.dirname(base);
  }
  return base === '.' ? '' : base;
}

function normaliseDir(d: string): string {
  const n = path.posix.normalize(d.split(path.sep).join('/')).replace(/\/+$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
}

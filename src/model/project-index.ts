/**
 * The linked project: every file's facts plus what only the whole project can answer — which file a
 * specifier means, which declaration a name really means (and the chain of re-exports and aliases
 * that proves it), the runtime import graph. Rules read this; they never parse.
 */
import path from 'node:path';
import type { ConceptSpec } from './concepts.js';
import type {
  BindingFact,
  ClassFact,
  DeclKind,
  FileFacts,
  FunctionFact,
  ImportFact,
  ImportedName,
  Span,
} from './facts.js';
import type { LanguageSemantics } from './language.js';

/**
 * A language's linking semantics: which file a specifier means, plus the few places where a
 * language's rules for names differ (all optional; TypeScript needs none of them).
 */
export interface ModuleResolver {
  resolve(fromFile: string, specifier: string, fact?: ImportFact): string | undefined;
  /**
   * Python: `from pkg import name` (and `pkg.name`) means the submodule `pkg/name` when the package
   * module does not define `name` itself. `moduleFile` may be a namespace package's virtual
   * `__init__.py` that no file backs.
   */
  submodule?(moduleFile: string, name: string): string | undefined;
  /** Python: `from x import *` binds x's exported names in the importing module's scope. */
  readonly starImportBinds?: boolean;
  /** The name instance methods are called through: `this` (default), Python `self`. */
  readonly selfName?: string;
  /**
   * Does an unresolved specifier name a module of this project (so that it is missing, not
   * external): a relative path into a directory the run analyses, a tsconfig `paths` alias, a
   * Python package of the project. False whenever that cannot be told.
   */
  isProjectSpecifier?(fromFile: string, specifier: string, fact?: ImportFact): boolean;
  /**
   * Which program of the project a file belongs to: modules of different programs never see each
   * other's names (Python: each top-level package, and the loose modules of a source root). The
   * default is one program per language.
   */
  programOf?(file: string): string;
  /**
   * Workspaces: does the package of `fromFile` declare the package of `target` as a dependency (its
   * package.json)? Then importing it directly is that package's chosen path, whatever most others do.
   */
  declaresDependency?(fromFile: string, target: string): boolean;
}

export type SymbolKind = DeclKind | 'module';

export interface SymbolRef {
  /** `file#name`; for modules, `file#*`. */
  id: string;
  file: string;
  name: string;
  kind: SymbolKind;
  at: Span;
}

/** One step from a use to the declaration: an import, a re-export, an `export *`, an alias. */
export interface Hop {
  kind: 'import' | 'reexport' | 'export-star' | 'alias' | 'export';
  file: string;
  line: number;
  column: number;
  /** Human text of the step: `import { A } from './x'`, `export { A as B } from './y'`, `B = A`. */
  text: string;
}

export interface Resolution {
  symbol: SymbolRef;
  chain: Hop[];
}

export interface ImportEdge {
  from: string;
  to: string;
  kind: 'value' | 'type' | 'dynamic' | 'side-effect';
  specifier: string;
  at: Span;
}

export interface ImportBinding {
  fact: ImportFact;
  name: ImportedName;
}

export interface FunctionTarget {
  fn: FunctionFact;
  file: string;
  chain: Hop[];
}

export interface ClassTarget {
  cls: ClassFact;
  file: string;
  id: string;
  chain: Hop[];
}

/** A file's names, first occurrence wins. Empty tables share one Map (most files have no bindings, many no classes). */
interface FileTables {
  decls: ReadonlyMap<string, { name: string; kind: DeclKind; at: Span }>;
  bindings: ReadonlyMap<string, BindingFact>;
  classes: ReadonlyMap<string, ClassFact>;
  functions: ReadonlyMap<string, FunctionFact>;
  imports: ReadonlyMap<string, ImportBinding>;
  /** `resolveName` answers for this file, by local name. */
  names: Map<string, Remembered<Resolution | undefined>>;
  /** `resolveDotted` answers for this file's dotted names (`ns.X`, `Class.member`). */
  dotted: Map<string, Remembered<DottedResolution | undefined>>;
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

/** Each name's first item, for lookups only (filled last to first, one set per item). */
function firstByName<T>(items: readonly T[], nameOf: (item: T) => string): ReadonlyMap<string, T> {
  if (items.length === 0) return NONE;
  const byName = new Map<string, T>();
  for (let i = items.length - 1; i >= 0; i--) byName.set(nameOf(items[i]!), items[i]!);
  return byName;
}

type DottedResolution = Resolution & { member?: string };

/**
 * A memoised resolution and how many levels of recursion computing it took, so that a call made
 * deeper in a chain gets the answer only where it too would have stayed within MAX_DEPTH.
 */
interface Remembered<T> {
  value: T;
  needed: number;
}

export interface IndexOptions {
  root: string;
  concepts?: ConceptSpec[];
  /** Root-relative glob matcher (picomatch semantics), for `allowNewIn` and similar options. */
  matches?: (file: string, globs: string[]) => boolean;
  isTestFile: (file: string) => boolean;
  /**
   * Each language's semantics (src/model/language.ts), from the language plugins; the first is
   * assumed for a file that has no facts and whose extension no language claims.
   */
  languages: readonly LanguageSemantics[];
  /** Module resolvers by language id; a language without one uses the first language's. */
  resolvers: Partial<Record<string, ModuleResolver>>;
}

const MAX_DEPTH = 32;
/** An export being resolved: asked for again meanwhile (a cycle), it reads as unresolved. */
const IN_PROGRESS = false;

export class ProjectIndex {
  readonly root: string;
  readonly files: readonly FileFacts[];
  readonly concepts: readonly ConceptSpec[];
  readonly matches: (file: string, globs: string[]) => boolean;
  private readonly byPath = new Map<string, FileFacts>();
  private readonly tables = new Map<string, FileTables>();
  /** By file, then exported name (nested maps: no key string built per question). */
  private readonly exportMemo = new Map<string, Map<string, Resolution | null | typeof IN_PROGRESS>>();
  /** By importing file, then specifier (plus the Python import level when there is one). */
  private readonly moduleMemo = new Map<string, Map<string, string | null>>();
  /**
   * Bookkeeping that keeps the `resolveName` memo exact: the deepest recursion level reached by
   * the resolution in progress, and how often an export still being computed (an import cycle)
   * was asked for. An answer that met such a cycle depends on where the question started and is
   * not remembered; nor is one cut short by MAX_DEPTH.
   */
  private deepest = 0;
  private cycleHits = 0;
  private edgesCache: ImportEdge[] | undefined;
  private readonly testFile: (file: string) => boolean;
  /** Glob matching per call was a visible share of rule time on 10,000 files. */
  private readonly testMemo = new Map<string, boolean>();
  /** `this.method()` calls ask this per call site: answered once per class and method. */
  private readonly overrideMemo = new Map<string, boolean>();
  private readonly resolvers: IndexOptions['resolvers'];
  private readonly languages: ReadonlyMap<string, LanguageSemantics>;
  private readonly fallbackLanguage: LanguageSemantics;
  /** Memo for rule-shared derived data (managed classes, class lists) keyed by a name. */
  private readonly derived = new Map<string, unknown>();

  constructor(files: FileFacts[], options: IndexOptions) {
    this.root = options.root;
    this.files = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of this.files) this.byPath.set(f.path, f);
    this.testFile = options.isTestFile;
    this.concepts = options.concepts ?? [];
    this.matches = options.matches ?? (() => false);
    this.resolvers = options.resolvers;
    if (options.languages.length === 0) throw new Error('ProjectIndex: no languages');
    this.languages = new Map(options.languages.map((l) => [l.id, l]));
    this.fallbackLanguage = options.languages[0]!;
  }

  /** The semantics of `file`'s language: by its facts, else by its extension, else the first language's. */
  language(file: string): LanguageSemantics {
    const id = this.byPath.get(file)?.language;
    const known = id === undefined ? undefined : this.languages.get(id);
    if (known) return known;
    for (const l of this.languages.values()) if (l.extensions.some((e) => file.endsWith(e))) return l;
    return this.fallbackLanguage;
  }

  file(p: string): FileFacts | undefined {
    return this.byPath.get(p);
  }

  isTestFile(p: string): boolean {
    let v = this.testMemo.get(p);
    if (v === undefined) this.testMemo.set(p, (v = this.testFile(p)));
    return v;
  }

  /** Compute once per index and share between rules (`managedClasses`, duplicate groups, ...). */
  memo<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  private tablesOf(p: string): FileTables | undefined {
    let t = this.tables.get(p);
    if (t) return t;
    const f = this.byPath.get(p);
    if (!f) return undefined;
    const decls = firstByName(f.declarations, (d) => d.name);
    // A definition an unconditional later one replaces is not what the name means.
    const replaced = f.redefinitions ? new Set(f.redefinitions.map((r) => `${r.earlier.line}:${r.earlier.column}`)) : undefined;
    const live = <T extends { nameAt: Span }>(items: readonly T[]): readonly T[] => (replaced ? items.filter((x) => !replaced.has(`${x.nameAt.line}:${x.nameAt.column}`)) : items);
    t = {
      decls,
      bindings: firstByName(f.bindings, (b) => b.name),
      classes: topLevelClasses(live(f.classes), decls),
      functions: firstByName(live(f.functions), (fn) => fn.qualifiedName),
      imports: importsByLocal(f.imports),
      names: new Map(),
      dotted: new Map(),
    };
    this.tables.set(p, t);
    return t;
  }

  /** The top-level class declared under `name` in `file` (not nested or local classes). */
  classIn(file: string, name: string): ClassFact | undefined {
    return this.tablesOf(file)?.classes.get(name);
  }

  functionIn(file: string, qualifiedName: string): FunctionFact | undefined {
    return this.tablesOf(file)?.functions.get(qualifiedName);
  }

  bindingIn(file: string, name: string): BindingFact | undefined {
    return this.tablesOf(file)?.bindings.get(name);
  }

  importBinding(file: string, local: string): ImportBinding | undefined {
    return this.tablesOf(file)?.imports.get(local);
  }

  /** Every top-level class-like declaration in the project, in path order. */
  allClasses(): { file: string; cls: ClassFact; id: string }[] {
    return this.memo('allClasses', () => {
      const out: { file: string; cls: ClassFact; id: string }[] = [];
      for (const f of this.files) {
        const t = this.tablesOf(f.path)!;
        for (const c of t.classes.values()) out.push({ file: f.path, cls: c, id: `${f.path}#${c.name}` });
      }
      return out;
    });
  }

  resolveModule(fromFile: string, fact: ImportFact): string | undefined;
  resolveModule(fromFile: string, specifier: string): string | undefined;
  resolveModule(fromFile: string, arg: ImportFact | string): string | undefined {
    const specifier = typeof arg === 'string' ? arg : arg.specifier;
    const level = typeof arg === 'string' ? undefined : arg.level;
    const key = level === undefined ? specifier : `${specifier}\0${level}`;
    let memo = this.moduleMemo.get(fromFile);
    if (!memo) this.moduleMemo.set(fromFile, (memo = new Map()));
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const found = this.resolverFor(fromFile)?.resolve(fromFile, specifier, typeof arg === 'string' ? undefined : arg);
    memo.set(key, found ?? null);
    return found;
  }

  /** See ModuleResolver.programOf: `<runtime>:<program>`. */
  programOf(file: string): string {
    return `${this.language(file).runtime}:${this.resolverFor(file)?.programOf?.(file) ?? ''}`;
  }

  /** See ModuleResolver.declaresDependency. */
  declaresDependency(fromFile: string, target: string): boolean {
    return this.resolverFor(fromFile)?.declaresDependency?.(fromFile, target) ?? false;
  }

  /** See ModuleResolver.isProjectSpecifier. */
  isProjectSpecifier(fromFile: string, fact: ImportFact): boolean {
    return this.resolverFor(fromFile)?.isProjectSpecifier?.(fromFile, fact.specifier, fact) ?? false;
  }

  /** The name instance methods are called through in `file`: `this`, Python `self`. */
  selfName(file: string): string {
    return this.resolverFor(file)?.selfName ?? 'this';
  }

  private resolverFor(file: string): ModuleResolver | undefined {
    return this.resolvers[this.language(file).id] ?? this.resolvers[this.fallbackLanguage.id];
  }

  /** What a local name in `file` really means, following imports, re-exports and aliases. */
  resolveName(file: string, local: string, depth = 0): Resolution | undefined {
    if (depth > this.deepest) this.deepest = depth;
    if (depth > MAX_DEPTH) return undefined;
    const t = this.tablesOf(file);
    if (!t) return undefined;
    const known = this.recall(t.names.get(local), depth);
    if (known) return known.value;
    return this.remember(t.names, local, depth, () => this.computeName(t, file, local, depth));
  }

  /** A remembered answer, if a call at `depth` may use it (it would not have hit MAX_DEPTH). */
  private recall<T>(memo: Remembered<T> | undefined, depth: number): Remembered<T> | undefined {
    if (!memo || depth + memo.needed > MAX_DEPTH) return undefined;
    if (depth + memo.needed > this.deepest) this.deepest = depth + memo.needed;
    return memo;
  }

  /** Compute a resolution at `depth` and remember it unless it met an import cycle or MAX_DEPTH. */
  private remember<T>(memo: Map<string, Remembered<T>>, key: string, depth: number, compute: () => T): T {
    const outerDeepest = this.deepest;
    const cycleHits = this.cycleHits;
    this.deepest = depth;
    const value = compute();
    if (this.cycleHits === cycleHits && this.deepest <= MAX_DEPTH) memo.set(key, { value, needed: this.deepest - depth });
    if (outerDeepest > this.deepest) this.deepest = outerDeepest;
    return value;
  }

  private computeName(t: FileTables, file: string, local: string, depth: number): Resolution | undefined {
    const decl = t.decls.get(local);
    if (decl) {
      const self: Resolution = { symbol: { id: `${file}#${local}`, file, name: local, kind: decl.kind, at: decl.at }, chain: [] };
      if (decl.kind !== 'variable') return self;
      const binding = t.bindings.get(local);
      if (binding?.init.kind !== 'alias') return self;
      const target = this.resolveDotted(file, binding.init.ref, depth + 1);
      // `export const X = global.X as typeof X`: a member of some value is not what the alias means.
      if (!target || target.member !== undefined) return self;
      const hop: Hop = { kind: 'alias', file, line: binding.at.line, column: binding.at.column, text: `${local} = ${binding.init.ref}` };
      return { symbol: target.symbol, chain: [hop, ...target.chain] };
    }
    const imp = t.imports.get(local);
    if (!imp) {
      // Python `from x import *` put x's names in this module's scope.
      if (this.resolverFor(file)?.starImportBinds && this.byPath.get(file)?.exports.some((e) => e.kind === 'star')) {
        return this.resolveExport(file, local, depth + 1);
      }
      return undefined;
    }
    const target = this.resolveModule(file, imp.fact);
    if (target === undefined) return undefined;
    const hop: Hop = {
      kind: 'import',
      file,
      line: imp.fact.at.line,
      column: imp.fact.at.column,
      text: this.language(file).importText(imp),
    };
    if (imp.name.imported === '*') {
      // CommonJS `const X = require('./x')` where x did `module.exports = X`.
      if (imp.fact.kind === 'require') {
        const viaDefault = this.resolveExport(target, 'default', depth + 1);
        if (viaDefault && viaDefault.symbol.kind !== 'variable') return { symbol: viaDefault.symbol, chain: [hop, ...viaDefault.chain] };
      }
      return { symbol: moduleSymbol(target), chain: [hop] };
    }
    const r = this.resolveExport(target, imp.name.imported, depth + 1);
    return r ? { symbol: r.symbol, chain: [hop, ...r.chain] } : undefined;
  }

  /** What `file` exports under `name`. */
  resolveExport(file: string, name: string, depth = 0): Resolution | undefined {
    let memo = this.exportMemo.get(file);
    if (!memo) this.exportMemo.set(file, (memo = new Map()));
    const known = memo.get(name);
    if (known === IN_PROGRESS) {
      this.cycleHits++;
      return undefined;
    }
    if (known !== undefined) return known ?? undefined;
    // Cycle guard: while in progress, the export reads as unresolved.
    memo.set(name, IN_PROGRESS);
    const r = this.computeExport(file, name, depth);
    memo.set(name, r ?? null);
    return r;
  }

  private computeExport(file: string, name: string, depth: number): Resolution | undefined {
    if (depth > this.deepest) this.deepest = depth;
    if (depth > MAX_DEPTH) return undefined;
    const f = this.byPath.get(file);
    if (!f) return this.submoduleExport(file, name);
    for (const e of f.exports) {
      if (e.kind === 'local' && e.exported === name) {
        const r = this.resolveName(file, e.local, depth + 1);
        if (!r) return undefined;
        if (e.local === name) return r;
        const hop: Hop = { kind: 'export', file, line: e.at.line, column: e.at.column, text: `export { ${e.local} as ${name} }` };
        return { symbol: r.symbol, chain: [hop, ...r.chain] };
      }
    }
    for (const e of f.exports) {
      if (e.kind === 'reexport' && e.exported === name) {
        const target = this.resolveModule(file, e.from);
        if (target === undefined) return undefined;
        const hop: Hop = {
          kind: 'reexport',
          file,
          line: e.at.line,
          column: e.at.column,
          text: this.language(file).reexportText(e.from, e.imported, name),
        };
        if (e.imported === '*') return { symbol: moduleSymbol(target), chain: [hop] };
        const r = this.resolveExport(target, e.imported, depth + 1);
        return r ? { symbol: r.symbol, chain: [hop, ...r.chain] } : undefined;
      }
    }
    if (name === 'default') return undefined;
    for (const e of f.exports) {
      if (e.kind !== 'star') continue;
      const target = this.resolveModule(file, e.from);
      if (target === undefined) continue;
      const starNames = this.byPath.get(target)?.starNames;
      if (starNames && !starNames.includes(name)) continue;
      const r = this.resolveExport(target, name, depth + 1);
      if (r) {
        const hop: Hop = { kind: 'export-star', file, line: e.at.line, column: e.at.column, text: this.language(file).exportStarText(e.from) };
        return { symbol: r.symbol, chain: [hop, ...r.chain] };
      }
    }
    return this.submoduleExport(file, name);
  }

  /** Python: a package's attribute that is one of its submodules. */
  private submoduleExport(file: string, name: string): Resolution | undefined {
    const sub = this.resolverFor(file)?.submodule?.(file, name);
    return sub === undefined ? undefined : { symbol: moduleSymbol(sub), chain: [] };
  }

  /** How many leading parts of a dotted name form one import binding (Python `import a.b` binds `a.b`). */
  private importPrefixLength(file: string, parts: string[]): number {
    if (parts.length < 2) return 1;
    const imports = this.tablesOf(file)?.imports;
    if (!imports) return 1;
    for (let k = parts.length; k > 1; k--) if (imports.has(parts.slice(0, k).join('.'))) return k;
    return 1;
  }

  /** `a` or `a.b` (namespace member, or a class's static member reported as the class). */
  resolveDotted(file: string, dotted: string, depth = 0): DottedResolution | undefined {
    if (!dotted.includes('.')) return this.resolveName(file, dotted, depth);
    const t = this.tablesOf(file);
    if (!t) return undefined;
    const known = this.recall(t.dotted.get(dotted), depth);
    if (known) return known.value;
    return this.remember(t.dotted, dotted, depth, () => this.computeDotted(file, dotted, depth));
  }

  private computeDotted(file: string, dotted: string, depth: number): DottedResolution | undefined {
    const parts = dotted.split('.');
    const head = this.importPrefixLength(file, parts);
    let r: DottedResolution | undefined = this.resolveName(file, head === 1 ? parts[0]! : parts.slice(0, head).join('.'), depth);
    for (let i = head; r && i < parts.length; i++) {
      if (r.symbol.kind === 'module') {
        const next = this.resolveExport(r.symbol.file, parts[i]!, depth + 1);
        r = next ? { symbol: next.symbol, chain: [...r.chain, ...next.chain] } : undefined;
      } else if (i === parts.length - 1) {
        return { ...r, member: parts[i]! };
      } else {
        return undefined;
      }
    }
    return r;
  }

  /** The class a constructor expression (`X`, `ns.X`) means, if it is a class of this project. */
  resolveClass(file: string, callee: string): ClassTarget | undefined {
    const r = this.resolveDotted(file, callee);
    if (!r || r.member !== undefined) return undefined;
    const cls = this.classIn(r.symbol.file, r.symbol.name);
    if (!cls) return undefined;
    return { cls, file: r.symbol.file, id: r.symbol.id, chain: r.chain };
  }

  /**
   * The function a call expression means: `f`, `ns.f`, `Class.staticMethod`, `this.method`.
   * Undefined whenever that cannot be known without types (a method on a value, an overridable
   * `this` call, anything external): rules stay silent there.
   */
  resolveCall(file: string, callee: string, enclosingClass?: string): FunctionTarget | undefined {
    const parts = callee.split('.');
    if (parts[0] === this.selfName(file)) {
      if (parts.length !== 2 || !enclosingClass) return undefined;
      const fn = this.functionIn(file, `${enclosingClass}.${parts[1]}`);
      if (!fn || fn.isStatic || this.isOverridden(file, enclosingClass, parts[1]!)) return undefined;
      // An exported class can be subclassed outside the project: only private methods are final.
      const cls = this.classIn(file, enclosingClass);
      if (!fn.isPrivate && (!cls || cls.exported || this.isExported(file, enclosingClass))) return undefined;
      return { fn, file, chain: [] };
    }
    if (parts.length - this.importPrefixLength(file, parts) > 1) return undefined;
    const r = this.resolveDotted(file, callee);
    if (!r) return undefined;
    if (r.member !== undefined) {
      // `hub.send()` where `hub = new Hub()` at module level: the object is exactly a Hub, so the
      // method is Hub's (or the nearest base's), whatever subclasses override.
      if (r.symbol.kind === 'variable') {
        const b = this.bindingIn(r.symbol.file, r.symbol.name);
        if (b?.init.kind !== 'new') return undefined;
        const cls = this.resolveClass(r.symbol.file, b.init.callee);
        const found = cls && this.methodOf(cls.file, cls.cls, r.member);
        return found && !found.fn.isStatic ? { fn: found.fn, file: found.file, chain: [...r.chain, ...cls.chain] } : undefined;
      }
      if (r.symbol.kind !== 'class' && r.symbol.kind !== 'abstract-class') return undefined;
      // `Class.method`: a static method, or an instance method read off the class itself (no
      // dispatch happens on the class attribute: it is this class's function).
      const fn = this.functionIn(r.symbol.file, `${r.symbol.name}.${r.member}`);
      return fn ? { fn, file: r.symbol.file, chain: r.chain } : undefined;
    }
    if (r.symbol.kind !== 'function' && r.symbol.kind !== 'variable') return undefined;
    const fn = this.functionIn(r.symbol.file, r.symbol.name);
    return fn ? { fn, file: r.symbol.file, chain: r.chain } : undefined;
  }

  /** `cls.name` declared on the class or inherited from the nearest project base that declares it. */
  methodOf(file: string, cls: ClassFact, name: string, depth = 0): { fn: FunctionFact; file: string } | undefined {
    const fn = this.functionIn(file, `${cls.name}.${name}`);
    if (fn) return { fn, file };
    if (!cls.extends || depth > 16) return undefined;
    const base = this.resolveClass(file, cls.extends);
    return base ? this.methodOf(base.file, base.cls, name, depth + 1) : undefined;
  }

  /** Does the module export this local name (directly or renamed)? */
  isExported(file: string, local: string): boolean {
    const f = this.byPath.get(file);
    return f?.exports.some((e) => e.kind === 'local' && e.local === local) ?? false;
  }

  /** Is `Class.method` overridden by a subclass anywhere in the project? */
  private isOverridden(file: string, className: string, method: string): boolean {
    const id = `${file}#${className}`;
    const key = `${id}\0${method}`;
    const memo = this.overrideMemo.get(key);
    if (memo !== undefined) return memo;
    this.overrideMemo.set(key, false); // cycle guard (a class cannot extend itself, but bad code can say so)
    let found = false;
    for (const s of this.subclassesOf(id)) {
      if (s.cls.members.some((m) => m.name === method) || this.isOverridden(s.file, s.cls.name, method)) {
        found = true;
        break;
      }
    }
    this.overrideMemo.set(key, found);
    return found;
  }

  /** The top-level declaration named `name` in `file`. */
  declarationIn(file: string, name: string): { name: string; kind: DeclKind; at: Span } | undefined {
    return this.tablesOf(file)?.decls.get(name);
  }

  /** Direct subclasses of a class id, by resolving every `extends` clause once. */
  subclassesOf(classId: string): { file: string; cls: ClassFact }[] {
    const map = this.memo('subclasses', () => {
      const m = new Map<string, { file: string; cls: ClassFact }[]>();
      for (const f of this.files) {
        for (const c of f.classes) {
          if (!c.extends) continue;
          const base = this.resolveClass(f.path, c.extends);
          if (!base) continue;
          const list = m.get(base.id) ?? [];
          list.push({ file: f.path, cls: c });
          m.set(base.id, list);
        }
      }
      return m;
    });
    return map.get(classId) ?? [];
  }

  /** The runtime and type-only import graph, every edge resolved to a project file. */
  importEdges(): ImportEdge[] {
    if (this.edgesCache) return this.edgesCache;
    const edges: ImportEdge[] = [];
    for (const f of this.files) {
      for (const imp of f.imports) {
        const to = this.resolveModule(f.path, imp);
        if (to === undefined || to === f.path) continue;
        // An elided import (bindings used only as types) is a type edge; a lazy require a dynamic one.
        const kind: ImportEdge['kind'] = imp.typeOnly || imp.elided
          ? 'type'
          : imp.kind === 'dynamic' || imp.lazy || imp.onlyIfFailed
            ? 'dynamic'
            : imp.kind === 'side-effect'
              ? 'side-effect'
              : 'value';
        // Python `from pkg import sub`: the edge that matters goes to the submodule.
        let needsModule = true;
        const resolver = this.resolverFor(f.path);
        if (resolver?.submodule && imp.names.length > 0) {
          needsModule = false;
          for (const n of imp.names) {
            const r = n.imported === '*' ? undefined : this.resolveExport(to, n.imported);
            // Also when the package binds the submodule itself (`from . import sub` in its
            // __init__.py): Python imports pkg/sub.py for a missing attribute, whatever the package has run.
            if (r && r.symbol.kind === 'module' && (r.chain.length === 0 || r.symbol.file === resolver.submodule(to, n.imported))) {
              if (r.symbol.file !== f.path && this.byPath.has(r.symbol.file)) {
                edges.push({ from: f.path, to: r.symbol.file, kind, specifier: imp.specifier, at: n.at ?? imp.at });
              }
            } else {
              needsModule = true;
            }
          }
        }
        if (needsModule && this.byPath.has(to)) edges.push({ from: f.path, to, kind, specifier: imp.specifier, at: imp.at });
      }
    }
    this.edgesCache = edges;
    return edges;
  }
}

/** In order, first wins (allClasses() lists them as they come); declared at the top level only. */
function topLevelClasses(classes: readonly ClassFact[], decls: ReadonlyMap<string, unknown>): ReadonlyMap<string, ClassFact> {
  if (classes.length === 0) return NONE;
  const byName = new Map<string, ClassFact>();
  for (const c of classes) if (!byName.has(c.name) && decls.has(c.name)) byName.set(c.name, c);
  return byName;
}

function importsByLocal(imports: readonly ImportFact[]): ReadonlyMap<string, ImportBinding> {
  if (imports.length === 0) return NONE;
  const byLocal = new Map<string, ImportBinding>();
  for (const fact of imports) for (const name of fact.names) if (name.local && !byLocal.has(name.local)) byLocal.set(name.local, { fact, name });
  return byLocal;
}

function moduleSymbol(file: string): SymbolRef {
  return { id: `${file}#*`, file, name: path.posix.basename(file), kind: 'module', at: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

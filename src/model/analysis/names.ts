/**
 * Public names and what they mean (docs/concepts-model.md). On sprawling code a concept is a name:
 * five modules may bind `WebSocketManager` to five different classes while no class has that name.
 * For every public name this analysis lists its bindings (declarations, aliases, renames, exported
 * instances), groups them by meaning (a class, an instance, a function), counts the importers of
 * each meaning and ranks them, canonical first. alias-divergence and divergent-import-path query it.
 */
import type { ClassFact, FunctionFact, Span } from '../facts.js';
import type { Hop, ProjectIndex } from '../project-index.js';
import { similarClasses } from './duplicates.js';
import { conceptKey, headWord, sameConcept } from './naming.js';
import { isErrorClass } from './managed.js';
import { importUsage, type ImportUse } from './usage.js';

export type Meaning =
  | { kind: 'class'; key: string; file: string; name: string; cls: ClassFact }
  | { kind: 'instance'; key: string; file: string; name: string; at: Span; classId: string; className: string; classFile: string }
  | { kind: 'function'; key: string; file: string; name: string; fn: FunctionFact };

/**
 * How a module gives a public name its meaning. `declaration`: declared under that name here (a
 * class, a function, `export const hub = new Hub()`); `alias`: `X = Y`; `rename`: `export { Y as X }`,
 * `from m import Y as X`. A pass-through (`export { X } from './x'`) is a path, not a binding.
 */
export type BindingHow = 'declaration' | 'alias' | 'rename';

export interface NameBinding {
  name: string;
  file: string;
  at: Span;
  how: BindingHow;
  meaning: Meaning;
  /** From this module's export to the declaration. */
  chain: Hop[];
}

export interface MeaningGroup {
  meaning: Meaning;
  bindings: NameBinding[];
  /** Imports of the name (one per statement) that reach this meaning, tests included. */
  importers: ImportUse[];
  /** How many of them are outside tests: what ranks the meanings. */
  weight: number;
  /** A configured concept names it canonical. */
  configured: boolean;
}

export interface NameEntry {
  name: string;
  /** Modules that can see each other (ProjectIndex.programOf): one language, one Python top-level package. */
  program: string;
  /** Canonical first (configured, declared under the name, imported most, undecorated path). */
  meanings: MeaningGroup[];
}

const DECORATED_PATH = /(^|\/)(legacy|compat|compatibility|deprecated|old|shims?|backports?)(\/|\.|_|-|$)/i;

/** Every public name with at least two meanings in one program, canonical meaning first. */
/** `includeTests`: bindings in test files count too (alias-divergence's option). */
export function nameIndex(index: ProjectIndex, includeTests = false): NameEntry[] {
  return index.memo(includeTests ? 'nameIndex:tests' : 'nameIndex', () => {
    const byName = new Map<string, { file: string; how: BindingHow; at: Span }[]>();
    for (const f of index.files) {
      if (!includeTests && index.isTestFile(f.path)) continue;
      const language = index.language(f.path);
      const seen = new Set<string>();
      for (const e of f.exports) {
        if (e.kind === 'star' || e.typeOnly) continue;
        const name = e.exported;
        if (name === 'default' || name === '*' || seen.has(name) || language.isPrivateName(name)) continue;
        seen.add(name);
        const how = bindingHow(index, f.path, name);
        if (!how) continue;
        const key = `${index.programOf(f.path)}\0${name}`;
        const list = byName.get(key);
        if (list) list.push({ file: f.path, ...how });
        else byName.set(key, [{ file: f.path, ...how }]);
      }
    }
    const out: NameEntry[] = [];
    let usesByName: Map<string, ImportUse[]> | undefined;
    for (const [key, candidates] of byName) {
      // Most names are bound once: only a name bound in two modules is resolved.
      if (candidates.length < 2) continue;
      const bindings = candidates.map((c) => meaningfulBinding(index, c.file, key.slice(key.indexOf('\0') + 1), c.how, c.at)).filter((b): b is NameBinding => !!b);
      const groups = new Map<string, MeaningGroup>();
      for (const b of bindings) {
        const g = groups.get(b.meaning.key);
        if (g) g.bindings.push(b);
        else groups.set(b.meaning.key, { meaning: b.meaning, bindings: [b], importers: [], weight: 0, configured: false });
      }
      if (groups.size < 2) continue;
      const [program, name] = key.split('\0') as [string, string];
      usesByName ??= importsByName(index);
      for (const u of usesByName.get(name) ?? []) {
        const r = u.chain.length > 0 ? resolvedKey(index, u) : undefined;
        const g = r ? groups.get(r) : undefined;
        if (!g || g.importers.some((x) => x.file === u.file && x.fact === u.fact)) continue;
        g.importers.push(u);
        if (!index.isTestFile(u.file)) g.weight++;
      }
      for (const g of groups.values()) g.configured = isConfigured(index, name, g.meaning);
      out.push({ name, program, meanings: [...groups.values()].sort((a, b) => compareMeanings(name, a, b)) });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.program < b.program ? -1 : 1));
  });
}

/**
 * The meanings of an entry that diverge from its canonical one: a different class of the same
 * concept (or a private class published under the name: an `_Impl`, a guard), an instance of another
 * class (or a second object of the same class that is also in use), a function with another
 * contract (sync vs async, another product).
 */
export function divergentMeanings(index: ProjectIndex, entry: NameEntry): MeaningGroup[] {
  const [canonical, ...rest] = entry.meanings;
  if (!canonical) return [];
  // A name that some module rebinds (an alias, a rename) is a concept in sprawl: all its meanings
  // count. Two classes merely declared under one name are duplicate-implementation's question (or
  // two packages that happen to share a name).
  const renamed = entry.meanings.some((g) => g.bindings.some((b) => b.how !== 'declaration'));
  return rest.filter((g) => diverges(index, entry.name, renamed, canonical, g));
}

/** `windows_events.py` / `unix_events.py`: modules for different platforms never run together. */
const PLATFORM = /(^|[/_.-])(win(32|64|dows)?|nt|posix|unix|darwin|mac(os)?|linux|android|ios)([/_.-]|$)/i;

function platformOf(file: string): string | undefined {
  return PLATFORM.exec(file.slice(file.lastIndexOf('/') + 1))?.[2]?.toLowerCase().replace(/^win.*|^nt$/, 'windows').replace(/^posix$/, 'unix');
}

function diverges(index: ProjectIndex, name: string, renamed: boolean, a: MeaningGroup, b: MeaningGroup): boolean {
  const ma = a.meaning;
  const mb = b.meaning;
  const pa = a.bindings.map((x) => platformOf(x.file));
  const pb = b.bindings.map((x) => platformOf(x.file));
  if (pa.every((p) => p) && pb.every((p) => p) && pa.every((p) => !pb.includes(p))) return false;
  if (ma.kind === 'class' && mb.kind === 'class') {
    if (!renamed) return false;
    // Two classes both declared under the name (no alias between them) are one concept only when
    // they behave alike, or one of them is a guard or a thin subclass of a private implementation:
    // `tkinter.tix.LabelFrame` is not `tkinter.LabelFrame` because `ttk` aliases the name.
    const declaredOnly = (g: MeaningGroup): boolean => g.bindings.every((x) => x.how === 'declaration');
    if (declaredOnly(a) && declaredOnly(b)) {
      const sprawl = (m: typeof ma): boolean => isGuardClass(index, m.file, m.cls) || /^_[^_]/.test(m.cls.extends?.slice(m.cls.extends.lastIndexOf('.') + 1) ?? '');
      if (!similarClasses(ma.cls, mb.cls) && !sprawl(ma) && !sprawl(mb)) return false;
    }
    // A subclass published under its base's name specialises it; the name still means the base's contract.
    if (inherits(index, ma.file, ma.name, `${mb.file}#${mb.name}`) || inherits(index, mb.file, mb.name, `${ma.file}#${ma.name}`)) return false;
    // Each class bound under a name that is not its own must be that name's concept: a private
    // class published under it, a guard that only refuses construction, a decorated spelling of it,
    // a class that behaves like the other; or, when no class is declared under the name at all,
    // one about the same noun (`GatewayImpl` as `PaymentGateway`). `export { ParserScope as Scope }`
    // beside an unrelated `class Scope` is none of these.
    const declared = declaresName(a, name) || declaresName(b, name);
    const stands = (m: typeof ma, other: typeof mb): boolean =>
      m.name === name ||
      m.name.startsWith('_') ||
      isGuardClass(index, m.file, m.cls) ||
      conceptKey(m.name) === conceptKey(name) ||
      similarClasses(m.cls, other.cls) ||
      (!declared && headWord(m.name) === headWord(name));
    return stands(ma, mb) && stands(mb, ma);
  }
  if (ma.kind === 'instance' && mb.kind === 'instance') {
    // Two objects of one class, or of classes that are one concept, shared under one name: a split
    // singleton. Module-level objects that merely share a name (`response = XResponse()` in every
    // urls.py, `m = Symbol('m')`) are each module's own.
    if (ma.classId === mb.classId) return a.weight > 0 && b.weight > 0;
    const ca = index.classIn(ma.classFile, ma.className);
    const cb = index.classIn(mb.classFile, mb.className);
    const related =
      inherits(index, ma.classFile, ma.className, mb.classId) ||
      inherits(index, mb.classFile, mb.className, ma.classId) ||
      sameConcept(ma.className, mb.className) ||
      (ca !== undefined && cb !== undefined && similarClasses(ca, cb));
    return related && a.weight + b.weight > 0;
  }
  if (ma.kind === 'function' && mb.kind === 'function') {
    // Two functions declared under one name are duplicate-implementation's question.
    if (!renamed) return false;
    return contractOf(ma.fn) !== contractOf(mb.fn);
  }
  return false;
}

/** `class X`, `an instance of X`, `async function f`: a meaning as a message says it. */
export function describeMeaning(m: Meaning): string {
  if (m.kind === 'class') return `class ${m.name}`;
  if (m.kind === 'instance') return `an instance of ${m.className}`;
  return `${contractOf(m.fn) === 'async' ? 'async' : 'synchronous'} function ${m.name}`;
}

/**
 * A class that exists to refuse construction (its constructor or `__new__` throws, and it has no
 * behaviour of its own): bound to a product's public name so that callers use the factory.
 */
export function isGuardClass(index: ProjectIndex, file: string, cls: ClassFact): boolean {
  const ctor = new Set(index.language(file).constructorNames.map((n) => `${cls.name}.${n}`));
  if (cls.members.some((m) => m.kind === 'method' && !ctor.has(`${cls.name}.${m.name}`))) return false;
  return index.file(file)?.news.some((n) => n.thrown && ctor.has(n.enclosing)) ?? false;
}

/** A function's contract, as far as callers can tell without types: async or not, and its product. */
function contractOf(fn: FunctionFact): string {
  const async = fn.isAsync || fn.returnType.kind === 'promise' || fn.returns.some((r) => r.kind === 'promise');
  return async ? 'async' : 'sync';
}

/** Does class `file#name` extend `ancestorId`, directly or through other project classes? */
export function inherits(index: ProjectIndex, file: string, name: string, ancestorId: string, depth = 0): boolean {
  if (depth > 16) return false;
  const cls = index.classIn(file, name);
  if (!cls?.extends) return false;
  const base = index.resolveClass(file, cls.extends);
  if (!base) return false;
  return base.id === ancestorId || inherits(index, base.file, base.cls.name, ancestorId, depth + 1);
}

function compareMeanings(name: string, a: MeaningGroup, b: MeaningGroup): number {
  return (
    Number(b.configured) - Number(a.configured) ||
    Number(declaresName(b, name)) - Number(declaresName(a, name)) ||
    b.weight - a.weight ||
    Number(decorated(a)) - Number(decorated(b)) ||
    (firstFile(a) < firstFile(b) ? -1 : firstFile(a) > firstFile(b) ? 1 : 0)
  );
}

/** Why the canonical meaning is the canonical one, in the order nameIndex ranks them. */
export function canonicalReason(name: string, g: MeaningGroup): string {
  if (g.configured) return 'configured';
  const n = g.weight;
  const imports = `${n} import${n === 1 ? '' : 's'}`;
  if (declaresName(g, name)) return `declared under that name, ${imports}`;
  return n > 0 ? imports : 'no imports either way, first by path';
}

/** A class, function or instance declared under exactly this name (not reached through an alias). */
function declaresName(g: MeaningGroup, name: string): boolean {
  return g.bindings.some((b) => b.how === 'declaration') && (g.meaning.kind === 'instance' || g.meaning.name === name);
}

function decorated(g: MeaningGroup): boolean {
  return g.bindings.every((b) => DECORATED_PATH.test(b.file));
}

function firstFile(g: MeaningGroup): string {
  return g.bindings.reduce((min, b) => (b.file < min ? b.file : min), g.bindings[0]!.file);
}

/**
 * A configured concept makes a meaning canonical for a name when it is that name's concept (its
 * `name` is the name) and its canonical is the meaning (the class, or the class of the instance), or
 * when its canonical class is declared under the name itself.
 */
function isConfigured(index: ProjectIndex, name: string, m: Meaning): boolean {
  const id = m.kind === 'instance' ? m.classId : `${m.file}#${m.name}`;
  return index.concepts.some((c) => c.canonical === id && (c.name === name || id.endsWith(`#${name}`)));
}

/** Value imports by the name imported (`import { X }`, `from m import X`). */
function importsByName(index: ProjectIndex): Map<string, ImportUse[]> {
  const out = new Map<string, ImportUse[]>();
  for (const usage of importUsage(index).values()) {
    for (const u of usage.uses) {
      if (u.typeOnly) continue;
      const list = out.get(u.imported);
      if (list) list.push(u);
      else out.set(u.imported, [u]);
    }
  }
  return out;
}

/** The meaning key an import reaches: the module it imports from, asked for the name. */
function resolvedKey(index: ProjectIndex, u: ImportUse): string | undefined {
  const r = index.resolveExport(u.via, u.imported);
  if (!r) return undefined;
  return meaningOf(index, r.symbol.file, r.symbol.name, r.symbol.kind)?.key;
}

/** What a resolved symbol means as a concept, if it is one (a concrete class, an instance of one, a function). */
function meaningOf(index: ProjectIndex, file: string, name: string, kind: string): Meaning | undefined {
  if (kind === 'class') {
    const cls = index.classIn(file, name);
    if (!cls || cls.kind !== 'class' || isErrorClass(index, `${file}#${name}`)) return undefined;
    return { kind: 'class', key: `class:${file}#${name}`, file, name, cls };
  }
  if (kind === 'variable') {
    const b = index.bindingIn(file, name);
    if (b?.init.kind !== 'new') return undefined;
    const t = index.resolveClass(file, b.init.callee);
    if (!t || t.cls.kind !== 'class' || isErrorClass(index, t.id)) return undefined;
    return { kind: 'instance', key: `instance:${file}#${name}`, file, name, at: b.nameAt, classId: t.id, className: t.cls.name, classFile: t.file };
  }
  if (kind === 'function') {
    const fn = index.functionIn(file, name);
    if (!fn) return undefined;
    return { kind: 'function', key: `function:${file}#${name}`, file, name, fn };
  }
  return undefined;
}

/** Resolve a binding found by bindingHow to what it means. */
function meaningfulBinding(index: ProjectIndex, file: string, name: string, how: BindingHow, at: Span): NameBinding | undefined {
  const r = index.resolveExport(file, name);
  if (!r) return undefined;
  const meaning = meaningOf(index, r.symbol.file, r.symbol.name, r.symbol.kind);
  if (!meaning) return undefined;
  return { name, file, at, how, meaning, chain: r.chain };
}

/** How module `file` binds its public `name`, if it gives it a meaning of its own (facts only, nothing resolved). */
function bindingHow(index: ProjectIndex, file: string, name: string): { how: BindingHow; at: Span } | undefined {
  const f = index.file(file)!;
  const local = f.exports.find((e) => e.kind === 'local' && e.exported === name);
  let how: BindingHow | undefined;
  let at: Span | undefined;
  if (local && local.kind === 'local') {
    if (local.local !== name) {
      how = 'rename';
      at = local.at;
    } else {
      const decl = index.declarationIn(file, name);
      if (decl && decl.kind !== 'variable') {
        how = 'declaration';
        at = index.classIn(file, name)?.nameAt ?? index.functionIn(file, name)?.nameAt ?? decl.at;
      } else if (decl) {
        const b = index.bindingIn(file, name);
        if (b?.init.kind === 'new') {
          how = 'declaration';
          at = b.nameAt;
        } else if (b?.init.kind === 'alias' && lastPart(b.init.ref) !== name) {
          how = 'alias';
          at = b.at;
        }
      } else {
        const imp = index.importBinding(file, name);
        if (imp && imp.name.imported !== name && imp.name.imported !== '*' && imp.name.imported !== 'default') {
          how = 'rename';
          at = imp.name.at ?? imp.fact.at;
        }
      }
    }
  } else {
    const re = f.exports.find((e) => e.kind === 'reexport' && e.exported === name);
    // Python: `from m import Y as X` in a module is a local name for its own use (sympy's
    // `ImmutableMatrix as Matrix`) unless the module publishes it: a package's __init__.py,
    // `__all__`, or code that imports X from it.
    if (re && re.kind === 'reexport' && re.imported !== name && re.imported !== '*' && re.imported !== 'default' && (!index.language(file).importsArePrivateUnlessPublished || publishes(index, file, name))) {
      how = 'rename';
      at = re.at;
    }
  }
  return how && at ? { how, at } : undefined;
}

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** Does a Python module publish `name`: its package's face, `__all__`, or someone imports it from there? */
function publishes(index: ProjectIndex, file: string, name: string): boolean {
  if (index.language(file).publishesImports(file) || index.file(file)?.starNames?.includes(name)) return true;
  const importedFrom = index.memo('names:importedFrom', () => {
    const set = new Set<string>();
    for (const usage of importUsage(index).values()) for (const u of usage.uses) set.add(`${u.via}\0${u.imported}`);
    return set;
  });
  return importedFrom.has(`${file}\0${name}`);
}

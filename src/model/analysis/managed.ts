/**
 * Which classes are "managed" (must be obtained through a factory or registry, never `new`ed
 * elsewhere), and which functions produce each class. Computed once per index, shared by
 * direct-instantiation, fallback-bypass, singleton-sharing and factory-fragmentation.
 *
 * Sources, in order of precedence: the config's `concepts`, registries (`createRegistry({ create })`),
 * and inference: a factory-named function that constructs the class *and* caches it (a keyed
 * collection it reads or writes, or a module/static slot it stores the instance in). A plain builder
 * that returns `new X()` every call does not make X managed: bypassing it loses nothing.
 */
import type { ClassFact, FunctionFact, RegistryFact, Span } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';
import { headWord } from './naming.js';

export type FactoryKind =
  /** Reads or writes a registry/cache, or keeps a singleton slot: the sanctioned path. */
  | 'cached'
  /** Returns a fresh `new X()` on every call. */
  | 'fresh'
  /** Returns what a registry's `get`/`getAsync` hands back. */
  | 'registry-accessor'
  /** A registry's `create` callback. */
  | 'registry-create'
  /** Declared in the config. */
  | 'configured';

export interface FactoryRef {
  file: string;
  /** Qualified function name, or the registry binding for 'registry-create'. */
  name: string;
  kind: FactoryKind;
  at: Span;
  fn?: FunctionFact;
  registry?: RegistryFact;
  /** 'cached': the function constructs the instance it caches (get-or-create), not only reads a cache. */
  createsHere?: boolean;
  /** 'cached': the cache is keyed (`managers[key] = m`), one instance per key rather than one per process. */
  keyed?: boolean;
}

export interface ManagedClass {
  id: string;
  file: string;
  cls: ClassFact;
  source: 'config' | 'registry' | 'inferred';
  /** Why the class is managed, for messages: "registry `managers` (src/app/registry.ts:9)". */
  sourceText: string;
  /** The ways to obtain an instance, best first (registry accessors and cached factories). */
  factories: FactoryRef[];
  registries: { file: string; registry: RegistryFact }[];
  allowNewIn: string[];
  concept?: string;
  /** A guard that only refuses construction, bound to the public name of the managed class `product`. */
  guard?: { name: string; product: string };
}

const FACTORY_NAME =
  /^(get|create|make|build|new|provide|obtain|acquire|ensure|instantiate|spawn|open|init|lookup|resolve)([A-Z_$]|$)|factory|Factory|OrCreate|Instance$/;

export function isFactoryName(name: string): boolean {
  return FACTORY_NAME.test(name);
}

/**
 * A factory by what it does, not by its name: a factory-named function that constructs or returns
 * the product — returns a construction (`return new X()`, `return X()` of a project class), is
 * declared to return a project class (`getLogger() -> VerboseLogger`), or is one that
 * factoriesByClass lists (it caches or hands out a registry's product). `resolveValue()` and
 * `resolve_path()` that compute a string, or build a helper object only to use it, make nothing.
 */
export function isFactoryFunction(index: ProjectIndex, file: string, fn: FunctionFact): boolean {
  if (!isFactoryName(fn.name) || fn.name === 'constructor') return false;
  const product = (name: string): boolean => {
    const t = index.resolveClass(file, name);
    return t !== undefined && t.cls.kind === 'class' && !isErrorClass(index, t.id);
  };
  for (const r of fn.returns) if (r.kind === 'new' && product(r.callee)) return true;
  if (fn.returnType.kind === 'ref' && product(fn.returnType.name)) return true;
  const ids = index.memo('factoryFunctionIds', () => {
    const set = new Set<string>();
    for (const refs of factoriesByClass(index).values()) for (const r of refs) if (r.fn) set.add(`${r.file}#${r.fn.qualifiedName}`);
    return set;
  });
  return ids.has(`${file}#${fn.qualifiedName}`);
}

const GENERIC_FACTORY = /^(get|create|make|build|instance|getInstance|getOrCreate|obtain|provide|acquire|resolve|lookup|open|spawn|new)$/;
const FACTORY_OWNER = /(Factory|Registry|Provider|Pool|Container|Store|Cache|Manager)s?$/;

function alnum(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Is this function named as a factory *of this class*? `getWebSocketManager` and
 * `get_websocket_manager` name WebSocketManager; `buildEdgeMap` does not name EdgeIdentity.
 * Generic names (`get`, `create`, `getInstance`) count on the class itself or on a
 * `<Class>Factory`/`Registry`/`Provider`/… that names it.
 */
export function namesProduct(fn: FunctionFact, className: string): boolean {
  const fnName = alnum(fn.name);
  const cls = alnum(className);
  const concept = alnum(className.replace(/^(Unified|Legacy|Default|Base|Abstract)(?=[A-Z])/, '').replace(/(Impl|Implementation)$/, ''));
  if (fnName.includes(cls) || (concept.length >= 4 && fnName.includes(concept))) return true;
  if (!GENERIC_FACTORY.test(fn.name) || !fn.className) return false;
  if (fn.className === className) return true;
  return FACTORY_OWNER.test(fn.className) && (alnum(fn.className).includes(concept) || alnum(fn.className).startsWith(concept.slice(0, Math.max(4, concept.length - 2))));
}

/**
 * A factory-named function that constructs X and hands it out makes X when its name names X, or
 * the noun X is about (`get_isolated_manager` and `create_unified_manager` both make a
 * `_WebSocketManagerImpl`/`UnifiedWebSocketManager`): what it does decides, the name only has to agree.
 */
function makesProduct(fn: FunctionFact, className: string): boolean {
  if (namesProduct(fn, className)) return true;
  const noun = headWord(className);
  return noun.length >= 4 && alnum(fn.name).includes(noun);
}

/** Every function that produces a project class, by class id. */
export function factoriesByClass(index: ProjectIndex): Map<string, FactoryRef[]> {
  return index.memo('factoriesByClass', () => {
    const out = new Map<string, FactoryRef[]>();
    const add = (classId: string, ref: FactoryRef): void => {
      const list = out.get(classId) ?? [];
      if (!list.some((r) => r.file === ref.file && r.name === ref.name)) list.push(ref);
      out.set(classId, list);
    };
    for (const f of index.files) {
      // A test harness that caches what it builds (a fixture, a fake registry) manages nothing in
      // production code, and production code must never be told to use a test helper.
      if (index.isTestFile(f.path)) continue;
      for (const reg of f.registries) {
        for (const callee of reg.creates) {
          const target = index.resolveClass(f.path, callee);
          if (target && target.cls.kind === 'class') add(target.id, { file: f.path, name: reg.name || 'createRegistry', kind: 'registry-create', at: reg.at, registry: reg });
        }
      }
      const factoryFns = f.functions.filter((fn) => isFactoryName(fn.name) && fn.name !== 'constructor');
      // The file's tables below are only worth building when it has factory-named functions.
      if (factoryFns.length === 0) continue;
      const cachingFns = new Set<string>();
      for (const op of f.keyedOps) if (op.enclosing) cachingFns.add(op.enclosing);
      for (const n of f.news) if (n.storedIn && n.enclosing) cachingFns.add(n.enclosing);
      const cachedNews = groupBy(f.news.filter((n) => n.cached && !n.thrown && !n.local), (n) => n.enclosing);
      const registryNames = new Map(f.registries.filter((r) => r.name).map((r) => [r.name, r]));
      const callsByFn = groupBy(f.calls, (c) => c.enclosing);
      const keyedWriters = new Set(f.keyedOps.filter((op) => op.op === 'set').map((op) => op.enclosing));
      for (const fn of factoryFns) {
        const produced = new Set<string>();
        for (const r of fn.returns) {
          if (r.kind !== 'new') continue;
          const t = index.resolveClass(f.path, r.callee);
          if (t && t.cls.kind === 'class' && makesProduct(fn, t.cls.name)) produced.add(t.id);
        }
        // Get-or-create: the instance goes into a cache or a module/static slot.
        const cachedHere = new Set<string>();
        for (const n of cachedNews.get(fn.qualifiedName) ?? []) {
          const t = index.resolveClass(f.path, n.callee);
          // `get()` that stores a new cursor and returns a dict of records is not a factory of cursors.
          if (t && t.cls.kind === 'class' && makesProduct(fn, t.cls.name) && !returnsSomethingElse(index, f.path, fn, t.id)) {
            produced.add(t.id);
            cachedHere.add(t.id);
          }
        }
        const caches = cachingFns.has(fn.qualifiedName);
        const calls = callsByFn.get(fn.qualifiedName) ?? [];
        if (fn.returnType.kind === 'ref') {
          const t = index.resolveClass(f.path, fn.returnType.name);
          // Declared to return X without constructing it here: an accessor over some cache or registry.
          if (t && t.cls.kind === 'class' && namesProduct(fn, t.cls.name) && (caches || usedRegistries(calls, registryNames).length > 0)) produced.add(t.id);
        }
        for (const id of produced) {
          if (isErrorClass(index, id)) continue;
          const kind: FactoryKind = usedRegistries(calls, registryNames).length > 0
            ? 'registry-accessor'
            : cachedHere.has(id) || (caches && fn.returnType.kind === 'ref')
              ? 'cached'
              : 'fresh';
          add(id, {
            file: f.path,
            name: fn.qualifiedName,
            kind,
            at: fn.nameAt,
            fn,
            ...(kind === 'cached' && cachedHere.has(id) ? { createsHere: true } : {}),
            ...(kind === 'cached' && keyedWriters.has(fn.qualifiedName) ? { keyed: true } : {}),
          });
        }
        // `return managers.get(ctx)` on a registry: an accessor for what the registry creates.
        if (produced.size === 0) {
          for (const reg of usedRegistries(calls, registryNames)) {
            for (const callee of reg.creates) {
              const t = index.resolveClass(f.path, callee);
              if (t && t.cls.kind === 'class') add(t.id, { file: f.path, name: fn.qualifiedName, kind: 'registry-accessor', at: fn.nameAt, fn });
            }
          }
        }
      }
    }
    return out;
  });
}

export function usedRegistries(calls: readonly { callee: string }[], registries: Map<string, RegistryFact>): RegistryFact[] {
  const out: RegistryFact[] = [];
  if (registries.size === 0) return out;
  for (const c of calls) {
    const dot = c.callee.indexOf('.');
    if (dot < 0) continue;
    const reg = registries.get(c.callee.slice(0, dot));
    const method = c.callee.slice(dot + 1);
    if (reg && (method === 'get' || method === 'getAsync') && !out.includes(reg)) out.push(reg);
  }
  return out;
}

/** Every `return` hands back something that is not an instance of `classId` (a literal, another class). */
function returnsSomethingElse(index: ProjectIndex, file: string, fn: FunctionFact, classId: string): boolean {
  return (
    fn.returns.length > 0 &&
    fn.returns.every((r) => r.kind === 'sync' || (r.kind === 'new' && index.resolveClass(file, r.callee)?.id !== classId))
  );
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Errors are thrown, not managed: `new NotFoundError()` in a cached lookup is not a product. */
/** Constructions of each project class outside test files and outside the class's own file, by class id. */
function directConstructions(index: ProjectIndex): Map<string, { file: string; enclosing: string }[]> {
  const out = new Map<string, { file: string; enclosing: string }[]>();
  for (const f of index.files) {
    if (index.isTestFile(f.path)) continue;
    for (const n of f.news) {
      if (n.local || n.thrown) continue;
      const t = index.resolveClass(f.path, n.callee);
      if (!t || t.file === f.path) continue;
      const list = out.get(t.id) ?? [];
      list.push({ file: f.path, enclosing: n.enclosing });
      out.set(t.id, list);
    }
  }
  return out;
}

export function isErrorClass(index: ProjectIndex, id: string): boolean {
  const hash = id.lastIndexOf('#');
  const cls = index.classIn(id.slice(0, hash), id.slice(hash + 1));
  if (!cls) return false;
  return /(Error|Exception)$/.test(cls.name) || (cls.extends !== undefined && /(^|\.)(\w*Error|\w*Exception)$/.test(cls.extends));
}

export function managedClasses(index: ProjectIndex): Map<string, ManagedClass> {
  return index.memo('managedClasses', () => {
    const out = new Map<string, ManagedClass>();
    const factories = factoriesByClass(index);
    // Only calls that may reach a factory are resolved: those ending in a factory's name.
    const calls = callCounts(index, new Set([...factories.values()].flatMap((refs) => refs.flatMap((r) => (r.fn ? [r.fn.name] : [])))));
    const used = (f: FactoryRef): number => (f.fn ? calls.of(f.file, f.fn) : 0);
    // Best first: by kind, then the one most code calls (the de facto canonical factory).
    const sanctioned = (id: string): FactoryRef[] =>
      (factories.get(id) ?? []).filter((f) => f.kind !== 'fresh').sort((a, b) => rank(a.kind) - rank(b.kind) || used(b) - used(a));

    for (const concept of index.concepts) {
      if (!concept.canonical) continue;
      const hash = concept.canonical.lastIndexOf('#');
      const file = concept.canonical.slice(0, hash);
      const name = concept.canonical.slice(hash + 1);
      const cls = index.classIn(file, name);
      if (!cls) continue;
      const id = `${file}#${name}`;
      const configured: FactoryRef[] = [];
      for (const spec of concept.factories ?? []) {
        const ref = findConfiguredFactory(index, spec);
        if (ref) configured.push(ref);
      }
      out.set(id, {
        id,
        file,
        cls,
        source: 'config',
        sourceText: `configured concept '${concept.name}'`,
        factories: [...configured, ...sanctioned(id).filter((f) => !configured.some((c) => c.file === f.file && c.name === f.name))],
        registries: registriesFor(index, id),
        allowNewIn: concept.allowNewIn ?? [],
        concept: concept.name,
      });
    }

    const direct = directConstructions(index);
    for (const [id, refs] of factories) {
      if (out.has(id)) continue;
      const regCreate = refs.find((r) => r.kind === 'registry-create');
      // A getter over some dictionary (`return self._items[key]`) manages nothing by itself: inference
      // needs a get-or-create that constructs the instance it caches.
      const cached = sanctioned(id).find((r) => (r.kind === 'cached' && r.createsHere) || r.kind === 'registry-accessor');
      if (!regCreate && !cached) continue;
      if (!regCreate) {
        // A value type that a memoising getter also builds (`Style`, `Console`) is constructed freely
        // everywhere: when direct constructions outnumber calls of its factories, the factory is not
        // the way to obtain one, and the class is not managed.
        const factoryCalls = refs.reduce((n, r) => n + (r.fn ? calls.of(r.file, r.fn) : 0), 0);
        const outside = (direct.get(id) ?? []).filter((s) => !refs.some((r) => r.file === s.file && (s.enclosing === r.name || s.enclosing.startsWith(`${r.name}.`)))).length;
        if (outside > Math.max(5, 2 * factoryCalls)) continue;
        // A container's generic method (`TemplateCache.get()`, `Pool.acquire()`) caches elements as a
        // convenience: when the normal code path constructs the element at least as often as it
        // calls the container, the container does not manage the element class.
        const viaContainerOnly = refs.every((r) => r.kind === 'fresh' || isContainerMethod(r, id));
        if (viaContainerOnly && outside > 0 && outside >= factoryCalls) continue;
      }
      const hash = id.lastIndexOf('#');
      const file = id.slice(0, hash);
      const cls = index.classIn(file, id.slice(hash + 1));
      if (!cls) continue;
      const sourceText = regCreate
        ? `created by ${registryText(regCreate)} (${regCreate.file}:${regCreate.at.line})`
        : `cached by factory ${cached!.name}() (${cached!.file}:${cached!.at.line})`;
      out.set(id, {
        id,
        file,
        cls,
        source: regCreate ? 'registry' : 'inferred',
        sourceText,
        factories: sanctioned(id),
        registries: registriesFor(index, id),
        allowNewIn: [],
      });
    }
    // A subclass that adds nothing (`class WebSocketManager(_WebSocketManagerImpl): pass`, kept so
    // old imports construct a working manager) is the product under another name.
    for (const m of [...out.values()]) {
      for (const sub of index.subclassesOf(m.id)) {
        const id = `${sub.file}#${sub.cls.name}`;
        if (out.has(id) || sub.cls.members.length > 0 || index.classIn(sub.file, sub.cls.name) !== sub.cls) continue;
        out.set(id, {
          ...m,
          id,
          file: sub.file,
          cls: sub.cls,
          sourceText: `a subclass of ${m.cls.name} that adds nothing, and ${m.cls.name} is ${m.sourceText}`,
          registries: m.registries,
        });
      }
    }
    return out;
  });
}

/**
 * How often each function is called outside tests, by resolved target: `.acquire()` on a lock is not
 * a call of your pool's `acquire`. A call that cannot be resolved (a method on a value) counts for a
 * function of that name only when the name says what it makes (`get_websocket_manager`), never for
 * a generic one (`get`, `acquire`, `create`).
 */
function callCounts(index: ProjectIndex, names: ReadonlySet<string>): { of(file: string, fn: FunctionFact): number } {
  const byTarget = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const f of index.files) {
    if (index.isTestFile(f.path)) continue;
    for (const c of f.calls) {
      if (!names.has(c.callee.slice(c.callee.lastIndexOf('.') + 1))) continue;
      const dot = c.enclosing.indexOf('.');
      const r = c.local ? undefined : index.resolveCall(f.path, c.callee, dot > 0 ? c.enclosing.slice(0, dot) : undefined);
      if (r) {
        const key = `${r.file}#${r.fn.qualifiedName}`;
        byTarget.set(key, (byTarget.get(key) ?? 0) + 1);
      } else {
        const last = c.callee.slice(c.callee.lastIndexOf('.') + 1);
        byName.set(last, (byName.get(last) ?? 0) + 1);
      }
    }
  }
  return {
    of: (file, fn) => (byTarget.get(`${file}#${fn.qualifiedName}`) ?? 0) + (GENERIC_FACTORY.test(fn.name) ? 0 : (byName.get(fn.name) ?? 0)),
  };
}

/** A generic method (`get`, `acquire`, `create`) of another class: a container of the product. */
function isContainerMethod(r: FactoryRef, classId: string): boolean {
  const fn = r.fn;
  if (!fn || !fn.className || !GENERIC_FACTORY.test(fn.name)) return false;
  return fn.className !== classId.slice(classId.lastIndexOf('#') + 1);
}

function rank(kind: FactoryKind): number {
  return ['configured', 'registry-accessor', 'cached', 'registry-create', 'fresh'].indexOf(kind);
}

function registriesFor(index: ProjectIndex, classId: string): { file: string; registry: RegistryFact }[] {
  return (factoriesByClass(index).get(classId) ?? [])
    .filter((f) => f.kind === 'registry-create' && f.registry)
    .map((f) => ({ file: f.file, registry: f.registry! }));
}

export function findConfiguredFactory(index: ProjectIndex, spec: string): FactoryRef | undefined {
  const hash = spec.lastIndexOf('#');
  const wantFile = hash >= 0 ? spec.slice(0, hash) : undefined;
  const wantName = hash >= 0 ? spec.slice(hash + 1) : spec;
  for (const f of index.files) {
    if (wantFile !== undefined && f.path !== wantFile) continue;
    const fn = index.functionIn(f.path, wantName);
    if (fn) return { file: f.path, name: fn.qualifiedName, kind: 'configured', at: fn.nameAt, fn };
    const reg = f.registries.find((r) => r.name === wantName);
    if (reg) return { file: f.path, name: reg.name, kind: 'registry-create', at: reg.at, registry: reg };
  }
  return undefined;
}

/**
 * Is a construction at `enclosing` in `file` part of producing the class the sanctioned way:
 * inside one of its factories, its registry's `create`, the class itself, or an allowed file?
 */
export function isSanctionedSite(
  index: ProjectIndex,
  managed: ManagedClass,
  file: string,
  enclosing: string,
  at: Span,
): boolean {
  if (managed.allowNewIn.length > 0 && index.matches(file, managed.allowNewIn)) return true;
  // Inside the class itself (static create(), clone()) or a subclass's own code.
  if (file === managed.file && (enclosing === managed.cls.name || enclosing.startsWith(`${managed.cls.name}.`))) return true;
  for (const f of factoriesByClass(index).get(managed.id) ?? []) {
    if (f.file !== file) continue;
    if (f.kind === 'registry-create' && f.registry && within(at, f.registry.at)) return true;
    if (f.fn && (enclosing === f.name || enclosing.startsWith(`${f.name}.`))) return true;
  }
  for (const f of managed.factories) {
    if (f.file === file && f.fn && (enclosing === f.name || enclosing.startsWith(`${f.name}.`))) return true;
    // The factory's own class filling its store in its constructor (`self.groups = {"default": Group()}`).
    const owner = f.fn?.className;
    if (f.file === file && owner && index.language(file).constructorNames.some((n) => enclosing === `${owner}.${n}`)) return true;
  }
  return false;
}

export function within(inner: Span, outer: Span): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** "use getWebSocketManager() (src/factory.ts:12)" — the way callers should obtain an instance. */
export function preferredFactoryText(managed: ManagedClass): string {
  const f = managed.factories.find((x) => x.kind !== 'registry-create') ?? managed.factories[0];
  if (!f) return `obtain it through its ${managed.sourceText}`;
  if (f.kind === 'registry-create') {
    return f.registry?.name ? `use registry \`${f.name}\`.get() (${f.file}:${f.at.line})` : `get it from ${registryText(f)} (${f.file}:${f.at.line})`;
  }
  return `use ${f.name}() (${f.file}:${f.at.line})`;
}

/** "registry `managers`"; a registry not bound to a name is named by its `name` option: "the 'WebSocketManager' registry". */
function registryText(f: FactoryRef): string {
  if (f.registry && !f.registry.name) return f.registry.label ? `the '${f.registry.label}' registry` : `a ${f.registry.callee}() registry`;
  return `registry \`${f.name}\``;
}

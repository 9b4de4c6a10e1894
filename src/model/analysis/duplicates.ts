/**
 * Groups of concrete classes that implement one concept. Names are compared after removing
 * decorations (`Unified…`, `Legacy…`, `…Impl`, `_…`, `…V2`), and members must overlap: two
 * unrelated `Parser` classes in different packages are not one concept.
 *
 * Never grouped: interfaces, abstract classes, enums, test doubles in test files, and a class with
 * the class it extends (a subclass specialises, it does not duplicate).
 */
import path from 'node:path';
import type { ClassFact, FunctionFact } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';
import { isErrorClass, isFactoryName } from './managed.js';
import { conceptKey, sameConcept } from './naming.js';
import { importUsage } from './usage.js';

export { conceptKey, headWord, NAME_DECORATIONS } from './naming.js';

export interface DuplicateMember {
  file: string;
  cls: ClassFact;
  id: string;
  imports: number;
}

export interface DuplicateGroup {
  concept: string;
  /** Best first: configured canonical, then most imported, then undecorated name, then path. */
  members: DuplicateMember[];
  /**
   * Methods the canonical shares with each other member, by id: of all their methods (`total`, the
   * union) and of the smaller class's public methods (`publicShared` of `smaller`).
   */
  shared: Map<string, { shared: number; total: number; publicShared: number; smaller: number }>;
}

function methodNames(cls: ClassFact): Set<string> {
  return new Set(cls.members.filter((m) => (m.kind === 'method' || m.kind === 'accessor') && !m.isStatic).map((m) => m.name));
}

/** Public instance methods: what callers of either class can use (not `_helpers`, `#private`, dunders). */
function publicMethods(cls: ClassFact): Set<string> {
  const out = new Set<string>();
  for (const n of methodNames(cls)) if (!n.startsWith('_') && !n.startsWith('#')) out.add(n);
  return out;
}

function overlap(a: Set<string>, b: Set<string>): { shared: number; total: number } {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return { shared, total: a.size + b.size - shared };
}

/**
 * Same concept: decorated names need some shared behaviour; identical names need a lot. Either over
 * all the methods of both, or measured against the smaller class's public methods: a 4-method class
 * whose methods all exist in a 34-method one re-implements it, though they share an eighth of the union.
 */
export function similarClasses(a: ClassFact, b: ClassFact): boolean {
  const { shared, total } = overlap(methodNames(a), methodNames(b));
  const pa = publicMethods(a);
  const pb = publicMethods(b);
  const pub = overlap(pa, pb).shared;
  const smaller = Math.min(pa.size, pb.size);
  // A case difference (`Adjoint` / `adjoint`) is not a decoration: the names count as identical.
  if (a.name.toLowerCase() === b.name.toLowerCase()) return (shared >= 3 && shared / total >= 0.6) || (pub >= 4 && pub / smaller >= 0.9);
  return (shared >= 2 && shared / total >= 0.3) || (pub >= 4 && pub / smaller >= 0.75);
}

/** `includeTests`: classes of test files take part too (duplicate-implementation's option). */
export function duplicateGroups(index: ProjectIndex, includeTests = false): DuplicateGroup[] {
  return index.memo(includeTests ? 'duplicateGroups:tests' : 'duplicateGroups', () => {
    const usage = importUsage(index);
    const byKey = new Map<string, DuplicateMember[]>();
    for (const { file, cls, id } of index.allClasses()) {
      if (cls.kind !== 'class' || (!includeTests && index.isTestFile(file)) || isTestDouble(file, cls.name)) continue;
      const concept = conceptKey(cls.name);
      if (concept.length < 3) continue;
      // One program per runtime: a TypeScript client and a Python server are not duplicates.
      const key = `${index.language(file).runtime}\0${concept}`;
      const list = byKey.get(key) ?? [];
      const imports = (usage.get(id)?.uses ?? []).filter((u) => !u.typeOnly).length;
      list.push({ file, cls, id, imports });
      byKey.set(key, list);
    }
    const canonicalIds = new Set(index.concepts.map((c) => c.canonical).filter((c): c is string => !!c));
    const rootName = path.basename(index.root);
    const groups: DuplicateGroup[] = [];
    for (const [key, all] of byKey) {
      const concept = key.slice(key.indexOf('\0') + 1);
      if (all.length < 2) continue;
      // A subclass of another member specialises it: not a duplicate.
      const ids = new Set(all.map((m) => m.id));
      const baseOf = new Map<string, string>();
      // Every project ancestor, transitively (`utf_16.IncrementalDecoder` → `BufferedIncrementalDecoder` → `IncrementalDecoder`).
      const ancestorsOf = new Map<string, string[]>();
      const candidates = all.filter((m) => {
        if (!m.cls.extends) return true;
        const base = index.resolveClass(m.file, m.cls.extends);
        baseOf.set(m.id, base ? base.id : `?${m.cls.extends}`);
        const chain: string[] = [];
        for (let b = base, depth = 0; b && depth < 16 && !chain.includes(b.id); depth++) {
          chain.push(b.id);
          b = b.cls.extends ? index.resolveClass(b.file, b.cls.extends) : undefined;
        }
        ancestorsOf.set(m.id, chain);
        return !chain.some((id) => ids.has(id));
      });
      // Same-named subclasses of one base are its variants (one per dialect, driver, platform):
      // the strategy pattern, not duplication. Build twins (x.js / x.mjs, cjs/x.js / esm/x.js) are
      // one source compiled twice.
      const commonAncestor = (a: DuplicateMember, b: DuplicateMember): boolean => (ancestorsOf.get(a.id) ?? []).some((id) => (ancestorsOf.get(b.id) ?? []).includes(id));
      const variants = (a: DuplicateMember, b: DuplicateMember): boolean =>
        a.cls.name === b.cls.name &&
        ((baseOf.has(a.id) && baseOf.get(a.id) === baseOf.get(b.id)) || commonAncestor(a, b) || buildStem(a.file, rootName) === buildStem(b.file, rootName));
      // Union members that are similar to each other, never joining two sets that hold a pair
      // known to be distinct (through a third class similar to both).
      // Classes written side by side in one module are distinct on purpose (`Queue` and
      // `SimpleQueue`, `Version` and `LegacyVersion`): fragmentation is a concept re-implemented elsewhere.
      const distinct = (a: DuplicateMember, b: DuplicateMember): boolean => a.file === b.file || variants(a, b) || syncAsyncTwins(index, a, b) || alternatives(a.file, b.file);
      const parent = candidates.map((_, i) => i);
      const setMembers = candidates.map((_, i) => [i]);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
      for (let i = 0; i < candidates.length; i++) {
        for (let j = i + 1; j < candidates.length; j++) {
          if (distinct(candidates[i]!, candidates[j]!) || !similarClasses(candidates[i]!.cls, candidates[j]!.cls)) continue;
          const ri = find(i);
          const rj = find(j);
          if (ri === rj || setMembers[ri]!.some((a) => setMembers[rj]!.some((b) => distinct(candidates[a]!, candidates[b]!)))) continue;
          parent[ri] = rj;
          setMembers[rj]!.push(...setMembers[ri]!);
        }
      }
      const sets = new Map<number, DuplicateMember[]>();
      candidates.forEach((m, i) => {
        const r = find(i);
        const list = sets.get(r);
        if (list) list.push(m);
        else sets.set(r, [m]);
      });
      for (const members of sets.values()) {
        if (members.length < 2) continue;
        members.sort(
          (a, b) =>
            Number(canonicalIds.has(b.id)) - Number(canonicalIds.has(a.id)) ||
            b.imports - a.imports ||
            Number(conceptKey(a.cls.name) !== a.cls.name.toLowerCase()) - Number(conceptKey(b.cls.name) !== b.cls.name.toLowerCase()) ||
            a.cls.name.length - b.cls.name.length ||
            (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
        );
        const canon = methodNames(members[0]!.cls);
        const canonPublic = publicMethods(members[0]!.cls);
        const shared: DuplicateGroup['shared'] = new Map();
        for (const m of members.slice(1)) {
          const pub = publicMethods(m.cls);
          shared.set(m.id, { ...overlap(canon, methodNames(m.cls)), publicShared: overlap(canonPublic, pub).shared, smaller: Math.min(canonPublic.size, pub.size) });
        }
        groups.push({ concept, members, shared });
      }
    }
    return groups.sort((a, b) => (a.members[0]!.id < b.members[0]!.id ? -1 : 1));
  });
}

const modesMemo = new WeakMap<ClassFact, { async: Set<string>; sync: Set<string> }>();

/** Method names of a class that are `async` and that are plain synchronous. */
function methodModes(index: ProjectIndex, file: string, cls: ClassFact): { async: Set<string>; sync: Set<string> } {
  const memo = modesMemo.get(cls);
  if (memo) return memo;
  const out = { async: new Set<string>(), sync: new Set<string>() };
  modesMemo.set(cls, out);
  for (const fn of index.file(file)?.functions ?? []) {
    if (fn.className !== cls.name || fn.qualifiedName !== `${cls.name}.${fn.name}`) continue;
    (fn.isAsync ? out.async : out.sync).add(fn.name);
  }
  return out;
}

/**
 * One API written twice on purpose, once blocking and once for an event loop (`queue.Queue` and
 * `asyncio.Queue`, `threading.Event` and `asyncio.Event`): same name, and a method one awaits is
 * plain in the other, or they extend such twins. Callers of one cannot use the other.
 */
function syncAsyncTwins(index: ProjectIndex, a: { file: string; cls: ClassFact }, b: { file: string; cls: ClassFact }, depth = 0): boolean {
  if (depth > 8 || (depth === 0 ? conceptKey(a.cls.name) !== conceptKey(b.cls.name) : a.cls.name.toLowerCase() !== b.cls.name.toLowerCase())) return false;
  const ma = methodModes(index, a.file, a.cls);
  const mb = methodModes(index, b.file, b.cls);
  for (const m of ma.async) if (mb.sync.has(m)) return true;
  for (const m of mb.async) if (ma.sync.has(m)) return true;
  if (!a.cls.extends || !b.cls.extends) return false;
  const baseA = index.resolveClass(a.file, a.cls.extends);
  const baseB = index.resolveClass(b.file, b.cls.extends);
  return baseA !== undefined && baseB !== undefined && baseA.id !== baseB.id && syncAsyncTwins(index, baseA, baseB, depth + 1);
}

const BUILD_DIRS = new Set(['cjs', 'esm', 'mjs', 'es', 'es5', 'es6', 'es2015', 'es2017', 'es2020', 'esnext', 'umd', 'browser', 'node', 'module', 'commonjs', 'lib', 'dist', 'build', 'types', 'src']);

/** Build targets that name a directory directly under `dist/` or `build/`. */
const BUILD_TARGETS = new Set(['legacy', 'modern', 'production', 'development', 'prod', 'dev', 'min', 'bundle']);

/**
 * `dist/cjs/a/b.js` and `dist/esm/a/b.mjs` → `a/b`: the source both were compiled from. A package
 * that ships its sources next to the build (`src/v3/types.ts` and `v3/types.cjs`, zod) has the
 * source and its compiled copy on one stem too.
 */
export function buildStem(file: string, rootName = ''): string {
  const out: string[] = [];
  // Paths are relative to the project root, which may itself be the output directory.
  let afterOutput = rootName === 'dist' || rootName === 'build';
  for (const seg of file.replace(/\.(c|m)?[jt]sx?$/, '').split('/')) {
    // `build/legacy/x.js` and `build/modern/x.js` (tanstack-query): one source built per target.
    // Only right under an output directory: `src/legacy/` is where a real legacy copy lives.
    const target = afterOutput && BUILD_TARGETS.has(seg);
    afterOutput = seg === 'dist' || seg === 'build';
    if (BUILD_DIRS.has(seg) || target) continue;
    out.push(seg);
  }
  return out.join('/');
}

/**
 * Where a module says which runtime, platform or backend it is written for: `threading.py` and
 * `multiprocessing/synchronize.py`, `popen_fork.py` and `popen_spawn_win32.py`,
 * `multiprocessing/dummy/` (threads behind the process API). Decorations of sprawl (`legacy`,
 * `compat`, `unified`) are not among them.
 */
const VARIANT_MARKERS: readonly [axis: string, re: RegExp][] = [
  ['runtime', /^(threading|threads?|multiprocessing|processes|process|dummy|asyncio|async|trio|anyio|gevent|eventlet|curio)$/],
  ['platform', /^(win(32|64|dows)?|nt|posix|unix|darwin|mac(os)?|linux|android|ios|fork|spawn|forkserver|wasm|browser|node|deno|bun)$/],
];

function markersOf(file: string): Set<string> {
  const out = new Set<string>();
  for (const part of file.replace(/\.[^./]+$/, '').split(/[/_.-]+/)) {
    for (const [axis, re] of VARIANT_MARKERS) if (re.test(part.toLowerCase())) out.add(`${axis}:${part.toLowerCase()}`);
  }
  return out;
}

/**
 * One API written once per runtime, platform or backend on purpose, chosen at run time: not a copy
 * to consolidate. Modules marked for different runtimes or platforms (one marked is enough: the
 * other is the default one, and `multiprocessing/dummy/` differs from `multiprocessing/`); a C accelerator and its Python twin (`cProfile.py` / `profile.py`,
 * `_pydecimal.py` / `decimal.py`); sibling backends (`contrib/pyopenssl.py` /
 * `contrib/securetransport.py`, private siblings `_sysconfig.py` / `_distutils.py`).
 */
export function alternatives(a: string, b: string): boolean {
  const ma = markersOf(a);
  const mb = markersOf(b);
  if ([...ma].some((m) => !mb.has(m)) || [...mb].some((m) => !ma.has(m))) return true;
  const stem = (f: string): string => path.posix.basename(f).replace(/\.[^.]+$/, '').toLowerCase();
  const [sa, sb] = [stem(a), stem(b)];
  if (sa === `c${sb}` || sb === `c${sa}` || sa === `_py${sb}` || sb === `_py${sa}`) return true;
  const dir = path.posix.dirname(a);
  if (dir !== path.posix.dirname(b)) return false;
  if (/(^|\/)(contrib|backends?|drivers?|plugins?|providers?|engines?)$/.test(dir)) return true;
  return sa.startsWith('_') && sb.startsWith('_') && !sa.startsWith('__') && !sb.startsWith('__');
}

/** A test double outside the test globs: `idle_test/mock_tk.py`, `fakes/store.ts`, `class FakeClock`. */
function isTestDouble(file: string, className: string): boolean {
  return /^(Mock|Fake|Stub)[A-Z_]/.test(className) || /(^|\/)(mocks?|fakes?|stubs?)([_./-]|$)/i.test(file);
}

export interface DuplicateFactory {
  file: string;
  fn: FunctionFact;
  /** Classes it constructs or is declared to return. */
  products: string[];
  /** Calls of it outside tests, resolved. */
  imports: number;
}

export interface DuplicateFactoryGroup {
  name: string;
  /** Best first: configured factory, most imported, path. */
  members: DuplicateFactory[];
}

/**
 * One factory name defined in several modules (`create_websocket_manager` five times, with five
 * contracts): exported functions of one program with the same factory name whose products are one
 * concept. A function that calls another member delegates to it (a wrapper), and is not a copy.
 */
export function duplicateFactories(index: ProjectIndex, includeTests = false): DuplicateFactoryGroup[] {
  return index.memo(includeTests ? 'duplicateFactories:tests' : 'duplicateFactories', () => {
    const usage = importUsage(index);
    const byName = new Map<string, DuplicateFactory[]>();
    for (const f of index.files) {
      if (!includeTests && index.isTestFile(f.path)) continue;
      const language = index.language(f.path);
      for (const fn of f.functions) {
        if (fn.className || !isFactoryName(fn.name) || (language.everyModuleNameImportable ? language.isPrivateName(fn.name) : !index.isExported(f.path, fn.name))) continue;
        if (index.functionIn(f.path, fn.name) !== fn) continue;
        const products = new Set<string>();
        for (const callee of [...fn.returns.flatMap((r) => (r.kind === 'new' ? [r.callee] : [])), ...fn.constructs]) {
          const t = index.resolveClass(f.path, callee);
          if (t && t.cls.kind === 'class' && !isErrorClass(index, t.id)) products.add(t.id);
        }
        if (fn.returnType.kind === 'ref') {
          const t = index.resolveClass(f.path, fn.returnType.name);
          if (t && t.cls.kind === 'class') products.add(t.id);
        }
        if (products.size === 0) continue;
        const key = `${language.runtime}\0${fn.name.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
        const imports = (usage.get(`${f.path}#${fn.name}`)?.uses ?? []).filter((u) => !index.isTestFile(u.file)).length;
        const list = byName.get(key) ?? [];
        list.push({ file: f.path, fn, products: [...products], imports });
        byName.set(key, list);
      }
    }
    const groups: DuplicateFactoryGroup[] = [];
    const canonicalFactories = new Set(index.concepts.flatMap((c) => c.factories ?? []));
    for (const all of byName.values()) {
      if (all.length < 2 || new Set(all.map((m) => m.file)).size < 2) continue;
      const names = (m: DuplicateFactory): string[] => m.products.map((id) => id.slice(id.lastIndexOf('#') + 1));
      // One concept: every member's products share a concept with the first's.
      const first = names(all[0]!);
      const members = all.filter((m) => names(m).some((n) => first.some((o) => sameConcept(n, o))) && !delegates(index, m, all));
      // Backends chosen at run time (`locations/_sysconfig.py` / `locations/_distutils.py`) are alternatives, not copies.
      if (members.length === 2 && alternatives(members[0]!.file, members[1]!.file)) continue;
      if (members.length < 2) continue;
      members.sort(
        (a, b) =>
          Number(canonicalFactories.has(`${b.file}#${b.fn.name}`)) - Number(canonicalFactories.has(`${a.file}#${a.fn.name}`)) ||
          b.imports - a.imports ||
          (a.file < b.file ? -1 : 1),
      );
      groups.push({ name: members[0]!.fn.name, members });
    }
    return groups.sort((a, b) => (a.members[0]!.file < b.members[0]!.file ? -1 : 1));
  });
}

/**
 * Does `m` call another member of its group (a wrapper that delegates)? A call of its own name from
 * inside counts too: it is a lazily imported namesake (`from ._windows import get_x` in `get_x`).
 */
function delegates(index: ProjectIndex, m: DuplicateFactory, all: readonly DuplicateFactory[]): boolean {
  for (const c of index.file(m.file)?.calls ?? []) {
    if (c.enclosing !== m.fn.qualifiedName) continue;
    if (c.callee === m.fn.name || c.callee.endsWith(`.${m.fn.name}`)) return true;
    const r = index.resolveCall(m.file, c.callee);
    if (r && all.some((o) => o !== m && o.file === r.file && o.fn === r.fn)) return true;
  }
  return false;
}

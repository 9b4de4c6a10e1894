import {
  defineRule,
  factoriesByClass,
  factoryStores,
  loc,
  managedClasses,
  type FactoryRef,
  type ManagedClass,
  type ProjectIndex,
  resolveOwnCall,
  within,
} from '../../src/api/index.js';

interface Producer {
  /** The store the instances come from; a fresh factory is its own producer. */
  store: string;
  refs: FactoryRef[];
}

/** `cache:src/a.ts#managers+registry:src/b.ts#presence` → "cache `managers` + registry `presence`". */
function storeLabel(store: string): string {
  return store
    .split('+')
    .map((s) => `${s.slice(0, s.indexOf(':'))} \`${s.slice(s.lastIndexOf('#') + 1)}\``)
    .join(' + ');
}

function label(ref: FactoryRef): string {
  return ref.kind === 'registry-create' ? `registry \`${ref.name}\`` : `${ref.name}()`;
}

/**
 * A fresh builder is part of the sanctioned path when a caching factory or a registry's `create`
 * calls it to make the instance it then stores, when it looks in the store itself before building
 * (a get-or-create through helpers), or when it is the class's own static helper.
 */
function isSanctionedBuilder(index: ProjectIndex, managed: ManagedClass, ref: FactoryRef, sanctioned: FactoryRef[]): boolean {
  const fn = ref.fn;
  if (!fn) return false;
  if (ref.file === managed.file && fn.className === managed.cls.name) return true;
  // A get-or-create through helpers: it asks the store first (`this.get(hash)`), then builds and adds.
  const facts = index.file(ref.file);
  for (const call of facts?.calls ?? []) {
    if (call.enclosing !== fn.qualifiedName) continue;
    const target = resolveOwnCall(index, ref.file, call.callee, fn.className);
    if (target && sanctioned.some((s) => s.fn && s.file === target.file && s.fn.qualifiedName === target.fn.qualifiedName)) return true;
  }
  for (const s of sanctioned) {
    const facts = index.file(s.file);
    if (!facts) continue;
    for (const call of facts.calls) {
      const inside = s.kind === 'registry-create' && s.registry ? within(call.at, s.registry.at) : s.fn !== undefined && call.enclosing === s.fn.qualifiedName;
      if (!inside) continue;
      const enclosingClass = s.fn?.className;
      const target = resolveOwnCall(index, s.file, call.callee, enclosingClass);
      if (target && target.file === ref.file && target.fn.qualifiedName === fn.qualifiedName) return true;
      // `user.create_access_key()` on a value of unknown class: the builder when it is the only
      // method of that name outside the calling factory's own class.
      if (!target && fn.className && isOnlyMethodNamed(index, call.callee, fn.name, ref.file, fn.qualifiedName, s.file, s.fn?.className, index.selfName(s.file))) return true;
    }
  }
  return false;
}

/**
 * `recv.name(...)` (recv not `self`), and `file#qualifiedName` is the one method called `name` outside
 * class `except`, in the caller's module or else in the project.
 */
function isOnlyMethodNamed(index: ProjectIndex, callee: string, name: string, file: string, qualifiedName: string, callerFile: string, except: string | undefined, selfName: string): boolean {
  const dot = callee.lastIndexOf('.');
  if (dot <= 0 || callee.slice(dot + 1) !== name || callee.split('.')[0] === selfName) return false;
  const methods = index.memo('factory-fragmentation:methodsByName', () => {
    const m = new Map<string, { file: string; qualifiedName: string; className: string }[]>();
    for (const f of index.files) {
      for (const fn of f.functions) {
        if (!fn.className) continue;
        const list = m.get(fn.name) ?? [];
        list.push({ file: f.path, qualifiedName: fn.qualifiedName, className: fn.className });
        m.set(fn.name, list);
      }
    }
    return m;
  });
  const others = (methods.get(name) ?? []).filter((x) => x.className !== except);
  const only = (list: typeof others): boolean => list.length === 1 && list[0]!.file === file && list[0]!.qualifiedName === qualifiedName;
  // The caller's own module first: `user = self.get_user(…)` there most likely holds a class of that module.
  return only(others.filter((x) => x.file === callerFile)) || only(others);
}

/** Union producers whose store sets share a store; each merged producer keeps its first key. */
function mergeOverlapping(producers: Map<string, Producer>): void {
  const keys = [...producers.keys()].filter((k) => !k.startsWith('fresh:'));
  if (keys.length < 2) return;
  const parent = keys.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  keys.forEach((k, i) => {
    for (const s of k.split('+')) {
      const j = owner.get(s);
      if (j === undefined) owner.set(s, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  keys.forEach((k, i) => {
    const root = find(i);
    if (root === i) return;
    producers.get(keys[root]!)!.refs.push(...producers.get(k)!.refs);
    producers.delete(k);
  });
}

export default defineRule<{ includeTests: boolean }>({
  id: 'factory-fragmentation',
  severity: 'error',
  summary: 'several factories producing one managed class, especially ones that bypass its registry or cache',
  primaryLocation: 'the class declaration',
  options: {
    includeTests: { type: 'boolean', default: false, description: 'also count factories declared in test files' },
  },
  check(index, options, report) {
    const managed = managedClasses(index);
    const all = factoriesByClass(index);
    for (const classId of [...all.keys()].sort()) {
      const m = managed.get(classId);
      if (!m) continue; // builders of a class nobody caches lose nothing: each call is meant to be new
      const refs = all.get(classId)!.filter((r) => options.includeTests || !index.isTestFile(r.file));
      const sanctioned = refs.filter((r) => r.kind !== 'fresh');
      const producers = new Map<string, Producer>();
      for (const ref of refs) {
        if (ref.kind === 'fresh' && isSanctionedBuilder(index, m, ref, sanctioned)) continue;
        // A getter over a cache (`return self.deployments[id]`) hands out what others put there: it
        // cannot make a second instance, so it is a door, not a producer.
        if (ref.kind === 'cached' && !ref.createsHere) continue;
        const stores = factoryStores(index, ref);
        const store = ref.kind === 'fresh' || stores.length === 0 ? `fresh:${ref.file}#${ref.name}` : stores.join('+');
        const p = producers.get(store) ?? { store, refs: [] };
        p.refs.push(ref);
        producers.set(store, p);
      }
      // Factories that share a store are doors to one room, whatever else each of them touches
      // (`create_deployment` also writes `stages`): merge producers whose stores overlap.
      mergeOverlapping(producers);
      if (producers.size < 2) continue;
      const list = [...producers.values()];
      const fresh = list.filter((p) => p.store.startsWith('fresh:')).flatMap((p) => p.refs);
      const stored = list.filter((p) => !p.store.startsWith('fresh:'));
      const name = m.cls.name;
      const names = list.flatMap((p) => p.refs.map(label));
      const problems: string[] = [];
      if (fresh.length > 0) {
        const via = stored.length > 0 ? stored.map((p) => p.refs.map(label).join(' / ')).join(' or ') : 'a shared registry or cache';
        problems.push(`${fresh.map(label).join(', ')} construct${fresh.length === 1 ? 's' : ''} a fresh ${name} on every call instead of going through ${via}`);
      }
      if (stored.length > 1) {
        const named = (p: Producer): string => `${p.refs.map(label).join(' / ')}${p.refs.every((r) => r.kind === 'registry-create') ? '' : ` (${storeLabel(p.store)})`}`;
        problems.push(`${stored.map(named).join(' and ')} keep instances in separate stores`);
      }
      report({
        file: m.file,
        at: m.cls.nameAt,
        symbol: name,
        key: `${classId}\0${[...producers.keys()].sort().join('\0')}`,
        message: `${name} is produced by ${names.length} factories (${names.join(', ')}): ${problems.join(', and ')}, so one key can end up with several instances.`,
        cause: { id: classId },
        related: list.flatMap((p) =>
          p.refs.map((r) =>
            loc(
              r.file,
              r.at,
              p.store.startsWith('fresh:')
                ? `${label(r)} constructs a fresh ${name} on every call`
                : r.kind === 'registry-create'
                  ? `${label(r)} creates ${name}`
                  : `${label(r)} returns the ${name} kept in ${storeLabel(p.store)}`,
            ),
          ),
        ),
        chain: list.flatMap((p) =>
          p.refs.map((r) => ({ file: r.file, line: r.at.line, column: r.at.column, text: `${r.kind} factory ${label(r)}${p.store.startsWith('fresh:') ? '' : ` → ${storeLabel(p.store)}`}` })),
        ),
      });
    }
  },
});

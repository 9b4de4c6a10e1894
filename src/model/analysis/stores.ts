/**
 * Where a factory keeps the instances it hands out: the registry it reads, the cache or slot it
 * writes. Two factories with the same store are two doors to one room; two stores (or a factory
 * with none) mean one key can end up with several instances.
 */
import type { ProjectIndex } from '../project-index.js';
import { usedRegistries, type FactoryRef } from './managed.js';

/** Store ids (`registry:file#name`, `cache:file#binding`, `cache:file#Class.field`), sorted; empty for a fresh factory. */
export function factoryStores(index: ProjectIndex, ref: FactoryRef): string[] {
  const facts = index.file(ref.file);
  if (!facts) return [];
  if (ref.kind === 'registry-create') return [`registry:${ref.file}#${ref.name}`];
  if (!ref.fn || ref.kind === 'fresh') return [];
  const fn = ref.fn;
  const out = new Set<string>();
  const registries = new Map(facts.registries.filter((r) => r.name).map((r) => [r.name, r]));
  // Filtering every call of the file per factory is only worth it when the file has registries.
  if (registries.size > 0) for (const r of usedRegistries(facts.calls.filter((c) => c.enclosing === fn.qualifiedName), registries)) out.add(`registry:${ref.file}#${r.name}`);
  const slot = (receiver: string): string => {
    const [root, field] = receiver.split('.');
    if (root === index.selfName(ref.file) && field && fn.className) return `cache:${ref.file}#${fn.className}.${field}`;
    // A module binding or a class's static field, wherever it is declared.
    const r = index.resolveName(ref.file, root!);
    const base = r ? r.symbol.id : `${ref.file}#${root}`;
    return `cache:${base}${field ? `.${field}` : ''}`;
  };
  // `registry.get(ctx)` is the registry's own lookup, already counted above.
  for (const op of facts.keyedOps) if (op.enclosing === fn.qualifiedName && !registries.has(op.receiver.split('.')[0]!)) out.add(slot(op.receiver));
  for (const n of facts.news) {
    if (n.enclosing !== fn.qualifiedName || !n.storedIn) continue;
    out.add(n.storedIn.kind === 'module' ? slot(n.storedIn.name) : slot(`${n.storedIn.className}.${n.storedIn.name}`));
  }
  return [...out].sort();
}

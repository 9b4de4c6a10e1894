/** `new X(...)` sites of managed classes, resolved once and shared by the instantiation rules. */
import type { NewFact } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';
import { isSanctionedSite, managedClasses, type ManagedClass } from './managed.js';
import { isGuardClass, nameIndex } from './names.js';

export interface ManagedNewSite {
  file: string;
  site: NewFact;
  managed: ManagedClass;
  /** Inside one of the class's own factories (or registry create, or the class itself). */
  sanctioned: boolean;
}

export function managedNewSites(index: ProjectIndex): ManagedNewSite[] {
  return index.memo('managedNewSites', () => {
    const managed = new Map(managedClasses(index));
    const out: ManagedNewSite[] = [];
    if (managed.size === 0) return out;
    // A guard class bound to a managed product's public name (`PaymentGateway = _GatewayGuard`
    // beside `PaymentGateway = _GatewayImpl`): constructing it raises, and the product's factory is
    // what the caller wanted.
    for (const entry of nameIndex(index)) {
      const product = entry.meanings.map((g) => (g.meaning.kind === 'class' ? managed.get(`${g.meaning.file}#${g.meaning.name}`) : undefined)).find((m) => m);
      if (!product) continue;
      for (const g of entry.meanings) {
        const m = g.meaning;
        const id = `${m.file}#${m.name}`;
        if (m.kind !== 'class' || managed.has(id) || !isGuardClass(index, m.file, m.cls)) continue;
        managed.set(id, { ...product, id, file: m.file, cls: m.cls, guard: { name: entry.name, product: product.cls.name } });
      }
    }
    for (const file of index.files) {
      for (const site of file.news) {
        if (site.local) continue;
        const target = index.resolveClass(file.path, site.callee);
        if (!target) continue;
        const m = managed.get(target.id);
        if (!m) continue;
        out.push({ file: file.path, site, managed: m, sanctioned: isSanctionedSite(index, m, file.path, site.enclosing, site.at) });
      }
    }
    return out;
  });
}

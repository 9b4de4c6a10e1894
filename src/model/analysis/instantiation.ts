/** `new X(...)` sites of managed classes, resolved once and shared by the instantiation rules. */
import type { NewFact } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';
import { isSanctionedSite, managedClasses, type ManagedClass } from './managed.js';

export interface ManagedNewSite {
  file: string;
  site: NewFact;
  managed: ManagedClass;
  /** Inside one of the class's own factories (or registry create, or the class itself). */
  sanctioned: boolean;
}

export function managedNewSites(index: ProjectIndex): ManagedNewSite[] {
  return index.memo('managedNewSites', () => {
    const managed = managedClasses(index);
    const out: ManagedNewSite[] = [];
    if (managed.size === 0) return out;
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

/** `new X(...)` sites of managed classes, resolved once and shared by the instantiation rules. */
import type { ConceptSpec } from '../concepts.js';
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

/** A construction of a configured concept's platform or external class (`class: "WebSocket"`, `"pg#Pool"`) outside its owners. */
export interface OwnedClassSite {
  file: string;
  site: NewFact;
  concept: ConceptSpec;
}

export function unownedConstructions(index: ProjectIndex): OwnedClassSite[] {
  return index.memo('unownedConstructions', () => {
    const concepts = index.concepts.filter((c) => c.class !== undefined);
    const out: OwnedClassSite[] = [];
    if (concepts.length === 0) return out;
    for (const file of index.files) {
      for (const site of file.news) {
        if (site.local || site.thrown) continue;
        const concept = concepts.find((c) => constructs(index, file.path, site.callee, c.class!));
        if (!concept || index.matches(file.path, concept.allowNewIn ?? [])) continue;
        out.push({ file: file.path, site, concept });
      }
    }
    return out;
  });
}

/** `globalThis.WebSocket` → `WebSocket`: a member of the language's global object is the global. */
export function withoutGlobalObject(index: ProjectIndex, file: string, callee: string): string {
  const dot = callee.indexOf('.');
  return dot > 0 && index.language(file).globalObjects.includes(callee.slice(0, dot)) ? callee.slice(dot + 1) : callee;
}

/** Does `callee` in `file` construct `spec`: a global (`WebSocket`, `globalThis.WebSocket`) or `module#Export`? */
function constructs(index: ProjectIndex, file: string, callee: string, spec: string): boolean {
  const hash = spec.indexOf('#');
  if (hash < 0) {
    const name = withoutGlobalObject(index, file, callee);
    // A name the file binds itself (an import, a declaration) is not the global.
    return name === spec && (callee !== name || (!index.importBinding(file, name) && !index.declarationIn(file, name)));
  }
  const moduleName = spec.slice(0, hash);
  const exported = spec.slice(hash + 1);
  const dot = callee.lastIndexOf('.');
  if (dot < 0) {
    const b = index.importBinding(file, callee);
    return b !== undefined && b.fact.specifier === moduleName && b.name.imported === exported;
  }
  if (callee.slice(dot + 1) !== exported) return false;
  const b = index.importBinding(file, callee.slice(0, dot));
  return b !== undefined && b.fact.specifier === moduleName && (b.name.imported === '*' || b.name.imported === 'default');
}

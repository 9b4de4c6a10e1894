/**
 * The per-concept roll-up for the JSON report: for each concept the run recognised — configured,
 * a group of duplicate implementations, or a class a registry or caching factory manages — its
 * canonical declaration, implementations, import paths with use counts, factories, registry and
 * finding counts per rule. Computed here from the index so that reporters never touch it.
 */
// Each analysis through the path most of the project already uses for it (divergent-import-path).
import { duplicateGroups } from '../api/index.js';
import { factoriesByClass, managedClasses } from '../model/analysis/managed.js';
import { nameIndex } from '../model/analysis/names.js';
import { importUsage } from '../model/analysis/usage.js';
import type { ClassFact } from '../model/facts.js';
import type { Finding } from '../model/findings.js';
import type { ProjectIndex } from '../model/project-index.js';
import type { ConceptRollup, ConceptSkeleton, DeclarationRef } from '../report/types.js';

type Source = ConceptRollup['sources'][number];

interface Draft {
  name: string;
  sources: Set<Source>;
  canonical?: string;
  members: string[];
}

function splitId(id: string): { file: string; name: string } {
  const hash = id.lastIndexOf('#');
  return { file: id.slice(0, hash), name: id.slice(hash + 1) };
}

export function conceptRollup(index: ProjectIndex, findings: readonly Finding[]): ConceptRollup[] {
  return countFindings(conceptSkeletons(index), findings);
}

export function conceptSkeletons(index: ProjectIndex): ConceptSkeleton[] {
  const drafts: Draft[] = [];
  const byClass = new Map<string, Draft>();
  const attach = (d: Draft, id: string): void => {
    if (!d.members.includes(id)) d.members.push(id);
    byClass.set(id, d);
  };

  for (const c of index.concepts) {
    const d: Draft = { name: c.name, sources: new Set(['config']), members: [] };
    if (c.canonical && classOf(index, c.canonical)) {
      d.canonical = c.canonical;
      attach(d, c.canonical);
    }
    drafts.push(d);
  }
  for (const g of duplicateGroups(index)) {
    const known = g.members.map((m) => byClass.get(m.id)).find((d) => d !== undefined);
    const d = known ?? { name: g.members[0]!.cls.name, sources: new Set<Source>(), members: [] };
    if (!known) drafts.push(d);
    d.sources.add('duplicates');
    d.canonical ??= g.members[0]!.id;
    for (const m of g.members) attach(d, m.id);
  }
  for (const [id, managed] of managedClasses(index)) {
    const source = managed.source === 'registry' ? 'registry' : managed.source === 'inferred' ? 'factory' : undefined;
    let d = byClass.get(id);
    if (!d) {
      if (!source) continue;
      d = { name: managed.cls.name, sources: new Set(), canonical: id, members: [] };
      drafts.push(d);
      attach(d, id);
    }
    if (source) d.sources.add(source);
  }

  const usage = importUsage(index);
  const factories = factoriesByClass(index);
  const names = namesByClass(index);
  return drafts
    .map((d) => {
      const members = d.canonical ? [d.canonical, ...d.members.filter((m) => m !== d.canonical)] : d.members;
      const implementations = members.flatMap((id) => {
        const cls = classOf(index, id);
        if (!cls) return [];
        const imports = (usage.get(id)?.uses ?? []).filter((u) => !u.typeOnly).length;
        return [{ ...declRef(id, cls), imports }];
      });
      const importPaths: ConceptRollup['importPaths'] = [];
      for (const id of members) {
        const byVia = new Map<string, number>();
        for (const u of usage.get(id)?.uses ?? []) if (!u.typeOnly) byVia.set(u.via, (byVia.get(u.via) ?? 0) + 1);
        for (const [via, uses] of [...byVia].sort(([a], [b]) => (a < b ? -1 : 1))) importPaths.push({ symbol: id, via, uses });
      }
      const factoryList: ConceptRollup['factories'] = [];
      let registry: ConceptRollup['registry'];
      for (const id of members) {
        for (const f of factories.get(id) ?? []) {
          if (f.kind === 'registry-create') {
            registry ??= { name: f.name, file: f.file, line: f.at.line };
            continue;
          }
          if (!factoryList.some((x) => x.file === f.file && x.name === f.name)) factoryList.push({ name: f.name, file: f.file, line: f.at.line, kind: f.kind });
        }
        const managed = managedClasses(index).get(id);
        for (const f of managed?.factories ?? []) {
          if (f.kind !== 'registry-create' && !factoryList.some((x) => x.file === f.file && x.name === f.name)) {
            factoryList.push({ name: f.name, file: f.file, line: f.at.line, kind: f.kind });
          }
        }
      }
      // A finding is about the concept when it, or a place it relates, sits on one of the
      // concept's declarations (a class or a factory).
      const places = new Set<string>();
      for (const id of members) {
        const cls = classOf(index, id);
        if (!cls) continue;
        const { file } = splitId(id);
        places.add(`${file}:${cls.at.line}`).add(`${file}:${cls.nameAt.line}`);
      }
      for (const f of factoryList) places.add(`${f.file}:${f.line}`);
      if (registry) places.add(`${registry.file}:${registry.line}`);
      const boundNames = members.flatMap((id) => names.get(id) ?? []);
      const canonicalCls = d.canonical ? classOf(index, d.canonical) : undefined;
      const skeleton: ConceptSkeleton = {
        name: d.name,
        sources: [...d.sources].sort(),
        ...(d.canonical && canonicalCls ? { canonical: declRef(d.canonical, canonicalCls) } : {}),
        implementations,
        importPaths,
        factories: factoryList.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
        ...(registry ? { registry } : {}),
        ...(boundNames.length > 0 ? { names: boundNames } : {}),
        places: [...places],
      };
      return skeleton;
    })
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.canonical?.id ?? '', b.canonical?.id ?? ''));
}

/** Each concept with the findings that sit on one of its places, or relate one. */
export function countFindings(skeletons: readonly ConceptSkeleton[], findings: readonly Finding[]): ConceptRollup[] {
  // Findings by every place they touch (their own line and each related one), built once: asking
  // each concept about every finding was concepts × findings (5 s on 50,000 files).
  const findingsAt = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const place of new Set([`${f.file}:${f.line}`, ...f.related.map((r) => `${r.file}:${r.line}`)])) {
      const list = findingsAt.get(place);
      if (list) list.push(f);
      else findingsAt.set(place, [f]);
    }
  }
  return skeletons.map(({ places, ...concept }) => {
    const byRule = new Map<string, number>();
    let total = 0;
    let suppressed = 0;
    const about = new Set<Finding>();
    for (const place of places) for (const f of findingsAt.get(place) ?? []) about.add(f);
    const fingerprints = [...new Set([...about].map((f) => f.fingerprint))].sort();
    for (const f of about) {
      if (f.suppressed) {
        suppressed++;
        continue;
      }
      total++;
      byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    }
    return { ...concept, findings: { total, byRule: Object.fromEntries([...byRule].sort(([a], [b]) => (a < b ? -1 : 1))), suppressed, fingerprints } };
  });
}

type BoundName = NonNullable<ConceptRollup['names']>[number];

/**
 * The public names bound to each class (by id) where a name has several meanings in a program: the
 * aliases, renames and exported instances that make a concept sprawl (docs/concepts-model.md).
 */
function namesByClass(index: ProjectIndex): Map<string, BoundName[]> {
  const out = new Map<string, BoundName[]>();
  for (const entry of nameIndex(index)) {
    for (const g of entry.meanings) {
      const m = g.meaning;
      const target = m.kind === 'class' ? `${m.file}#${m.name}` : m.kind === 'instance' ? m.classId : undefined;
      if (!target) continue;
      for (const b of g.bindings) {
        const list = out.get(target) ?? [];
        if (list.some((x) => x.file === b.file && x.name === b.name)) continue;
        list.push({ name: b.name, file: b.file, line: b.at.line, how: m.kind === 'instance' ? 'instance' : b.how, target, importers: g.importers.filter((u) => u.via === b.file).length });
        out.set(target, list);
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => cmp(a.name, b.name) || cmp(a.file, b.file) || a.line - b.line);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function classOf(index: ProjectIndex, id: string): ClassFact | undefined {
  const { file, name } = splitId(id);
  return index.classIn(file, name);
}

function declRef(id: string, cls: ClassFact): DeclarationRef {
  const { file } = splitId(id);
  return { id, name: cls.name, file, line: cls.nameAt.line };
}

/**
 * The concept map as a graph, shared by the html report (drawn as SVG) and `ssot-lint concepts`
 * (drawn as text): for each concept of the roll-up, its canonical declaration, the other
 * implementations, the public names bound to them, the module paths they are imported through (with
 * use counts), factories and registry; edges between them; each finding that concerns the concept
 * placed on the node it sits on (and on the edge its related places cross). Worst concepts first.
 * Import cycles come from the import-cycle findings' chains: one ring per cycle.
 */
import type { Finding } from '../model/findings.js';
import { activeFindings, type ConceptRollup, type ReportData } from './types.js';

export type MapNodeKind = 'canonical' | 'implementation' | 'name' | 'path' | 'factory' | 'registry';

export interface MapNode {
  kind: MapNodeKind;
  /** The symbol or module, short. */
  label: string;
  /** What it is: `alias`, `cached factory`, `4 uses`, `7 imports`. */
  detail: string;
  file: string;
  line: number;
  /** Indices into the active findings. */
  findings: number[];
}

export interface MapEdge {
  from: number;
  to: number;
  label: string;
  findings: number[];
}

export interface ConceptMap {
  name: string;
  sources: ConceptRollup['sources'];
  total: number;
  byRule: Record<string, number>;
  suppressed: number;
  nodes: MapNode[];
  edges: MapEdge[];
  /** Findings about the concept that sit on none of its nodes (indices into the active findings). */
  elsewhere: number[];
}

/** One import cycle: its modules in order, each importing the next, the last the first. */
export interface CycleRing {
  /** Index of the import-cycle finding in the active findings. */
  finding: number;
  modules: string[];
  /** `edges[i]`: modules[i] imports modules[i+1] (wrapping), at that line, as the chain says it. */
  edges: { line: number; text: string }[];
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** The concept maps, worst first (most findings, then errors, then name). */
export function conceptMaps(data: ReportData, active: readonly Finding[] = activeFindings(data)): ConceptMap[] {
  const byFingerprint = new Map<string, number[]>();
  active.forEach((f, i) => {
    const list = byFingerprint.get(f.fingerprint);
    if (list) list.push(i);
    else byFingerprint.set(f.fingerprint, [i]);
  });
  const maps = (data.concepts ?? []).map((c) => conceptMap(c, active, byFingerprint));
  const errors = (m: ConceptMap): number => [...m.nodes.flatMap((n) => n.findings), ...m.elsewhere].filter((i) => active[i]!.severity === 'error').length;
  return maps
    .map((m) => ({ m, e: errors(m) }))
    .sort((a, b) => b.m.total - a.m.total || b.e - a.e || (a.m.name < b.m.name ? -1 : a.m.name > b.m.name ? 1 : 0))
    .map(({ m }) => m);
}

function conceptMap(c: ConceptRollup, active: readonly Finding[], byFingerprint: Map<string, number[]>): ConceptMap {
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  const implNode = new Map<string, number>();
  const add = (n: Omit<MapNode, 'findings'>): number => nodes.push({ ...n, findings: [] }) - 1;
  for (const impl of c.implementations) {
    const canonical = impl.id === c.canonical?.id;
    implNode.set(impl.id, add({ kind: canonical ? 'canonical' : 'implementation', label: impl.name, detail: `${impl.imports} import${impl.imports === 1 ? '' : 's'}`, file: impl.file, line: impl.line }));
  }
  const centre = c.canonical ? implNode.get(c.canonical.id) : nodes.length > 0 ? 0 : undefined;
  for (const impl of c.implementations) {
    const i = implNode.get(impl.id)!;
    if (centre !== undefined && i !== centre) edges.push({ from: i, to: centre, label: 'duplicates', findings: [] });
  }
  const nameAt = new Map<string, number>();
  for (const n of c.names ?? []) {
    const target = implNode.get(n.target);
    // The declaration of an implementation under its own name is that implementation's node.
    if (n.how === 'declaration' && target !== undefined && nodes[target]!.file === n.file && nodes[target]!.label === n.name) continue;
    const i = add({ kind: 'name', label: n.name, detail: `${n.how}${n.importers > 0 ? `, ${n.importers} importer${n.importers === 1 ? '' : 's'}` : ''}`, file: n.file, line: n.line });
    if (target !== undefined) edges.push({ from: i, to: target, label: n.how === 'declaration' ? 'same name' : n.how, findings: [] });
    nameAt.set(`${n.file}\0${n.target}`, i);
  }
  for (const p of c.importPaths) {
    const target = implNode.get(p.symbol);
    // A class imported from its own module is a direct path: the edge, not a node of its own.
    const own = target !== undefined && nodes[target]!.file === p.via;
    // A module that binds a name to it is already a node: the uses go there.
    const named = nameAt.get(`${p.via}\0${p.symbol}`);
    if (named !== undefined) {
      nodes[named]!.detail += `, ${p.uses} use${p.uses === 1 ? '' : 's'}`;
      continue;
    }
    const i = own ? target : add({ kind: 'path', label: baseName(p.via), detail: `${p.uses} use${p.uses === 1 ? '' : 's'}`, file: p.via, line: 1 });
    if (own) nodes[target]!.detail += `, ${p.uses} direct`;
    else if (target !== undefined) edges.push({ from: i, to: target, label: `${p.uses} use${p.uses === 1 ? '' : 's'}`, findings: [] });
  }
  for (const f of c.factories) {
    const i = add({ kind: 'factory', label: `${f.name}()`, detail: `${f.kind} factory`, file: f.file, line: f.line });
    if (centre !== undefined) edges.push({ from: i, to: centre, label: f.kind === 'fresh' ? 'creates' : 'owns', findings: [] });
  }
  if (c.registry) {
    const i = add({ kind: 'registry', label: c.registry.name, detail: 'registry', file: c.registry.file, line: c.registry.line });
    if (centre !== undefined) edges.push({ from: i, to: centre, label: 'registers', findings: [] });
  }

  const about = [...new Set((c.findings.fingerprints ?? []).flatMap((fp) => byFingerprint.get(fp) ?? []))].sort((a, b) => a - b);
  const elsewhere: number[] = [];
  for (const fi of about) {
    const f = active[fi]!;
    const at = placeOf(nodes, f.file, f.line) ?? f.related.map((r) => placeOf(nodes, r.file, r.line)).find((x) => x !== undefined);
    if (at === undefined) {
      elsewhere.push(fi);
      continue;
    }
    nodes[at]!.findings.push(fi);
    // The edge it concerns: from its node to a node one of its related places or chain steps is on.
    const others = new Set<number>();
    for (const r of [...f.related, ...(f.chain ?? [])]) {
      const o = placeOf(nodes, r.file, r.line);
      if (o !== undefined && o !== at) others.add(o);
    }
    for (const e of edges) if ((e.from === at && others.has(e.to)) || (e.to === at && others.has(e.from))) e.findings.push(fi);
  }
  return { name: c.name, sources: c.sources, total: c.findings.total, byRule: c.findings.byRule, suppressed: c.findings.suppressed, nodes, edges, elsewhere };
}

/** The node at file:line, else the first node in that file (implementations and names before paths). */
function placeOf(nodes: readonly MapNode[], file: string, line: number): number | undefined {
  let inFile: number | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.file !== file) continue;
    if (n.line === line) return i;
    inFile ??= i;
  }
  return inFile;
}

/** The import cycles the import-cycle rule reported, as rings (its chain: each step imports the next module). */
export function cycleRings(active: readonly Finding[]): CycleRing[] {
  const rings: CycleRing[] = [];
  active.forEach((f, i) => {
    if (f.ruleId !== 'import-cycle' || !f.chain || f.chain.length < 2) return;
    rings.push({ finding: i, modules: f.chain.map((s) => s.file), edges: f.chain.map((s) => ({ line: s.line, text: s.text })) });
  });
  return rings;
}

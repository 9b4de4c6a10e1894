/**
 * `ssot-lint init [dir]`: a quick scan, then a starting `ssot.config.json` that proposes the concepts
 * it saw (see proposeConcepts), each with a one-line reason and its evidence, and prints them as a
 * short concept map. JSON has no comments, so the explanations are `"$comment"` keys, which the
 * config accepts and ignores. On a configured project it adds only what is new to the existing
 * concepts (`--force` rewrites the file from scratch).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, loadConfigFile } from '../config/config.js';
import { UsageError } from '../util/errors.js';
import { analyze } from '../engine/run.js';
import { describeMeaning, divergentMeanings, duplicateGroups, importUsage, isErrorClass, nameIndex } from '../api/index.js';
import { isGuardClass } from '../model/analysis/names.js';
import type { ConceptSpec } from '../model/concepts.js';
import { managedClasses } from '../model/analysis/managed.js';
import type { ProjectIndex } from '../model/project-index.js';
import { writeFileAtomic } from './outputs.js';

/** Where the config schema is once ssot-lint is a devDependency of the project. */
export const CONFIG_SCHEMA_REF = './node_modules/ssot-lint/docs/config.schema.json';

export interface InitCliOptions {
  force?: boolean;
  tsconfig?: string;
}

interface ProposedConcept {
  $comment: string;
  name: string;
  canonical: string;
  factories?: string[];
}

/** What made a class a candidate: a one-line reason with its evidence count, strongest first. */
interface Candidate {
  name: string;
  canonical: string;
  reasons: { text: string; evidence: number; weight: number }[];
  factories: string[];
}

const SERVICE_NAME = /(Manager|Service|Client|Pool|Registry|Store|Cache|Hub|Connection|Session|Gateway|Provider|Broker|Queue|Repository|Controller)$/;

/**
 * The concepts the scan saw, each with why and how much evidence: the same concepts the JSON
 * report rolls up (duplicate implementations, classes a registry or caching factory manages), public
 * names bound to several meanings, exported singletons that several modules import, and service
 * classes constructed in many modules. Those already in `known` (by canonical or name) are left out.
 */
export function proposeConcepts(index: ProjectIndex, known: readonly ConceptSpec[] = []): ProposedConcept[] {
  const managed = managedClasses(index);
  const byId = new Map<string, Candidate>();
  /** Classes that belong to another candidate: duplicates to their canonical, a subclass that adds nothing to its base. */
  const owner = new Map<string, string>();
  const candidate = (id: string, name: string): Candidate => {
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { name, canonical: id, reasons: [], factories: [] }));
    return c;
  };
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  for (const g of duplicateGroups(index)) {
    const [canonical] = g.members;
    const c = candidate(canonical!.id, canonical!.cls.name);
    for (const m of g.members) owner.set(m.id, canonical!.id);
    c.reasons.push({
      text: `${plural(g.members.length, 'implementation')}: ${g.members.map((m) => `${m.cls.name} (${m.file}, imported ${plural(m.imports, 'time')})`).join('; ')}; proposed canonical ${canonical!.cls.name}, the most imported`,
      evidence: g.members.length,
      weight: 3,
    });
  }
  for (const [id, m] of managed) {
    // A subclass that adds nothing is the product under another name, not a concept of its own.
    if (m.source === 'config' || m.guard) continue;
    if (m.cls.members.length === 0 && m.cls.extends !== undefined) {
      const base = index.resolveClass(m.file, m.cls.extends);
      if (base) owner.set(id, owner.get(base.id) ?? base.id);
      continue;
    }
    if (owner.has(id) && owner.get(id) !== id) continue;
    const c = candidate(id, m.cls.name);
    const best = m.factories[0];
    c.reasons.push({ text: `${m.sourceText}${best ? `: construct it only through ${best.name}()` : ''}`, evidence: m.factories.length, weight: 2 });
    for (const f of m.factories) if (f.kind !== 'registry-create' && f.name) c.factories.push(`${f.file}#${f.name}`);
  }
  const isGuard = (id: string): boolean => {
    const hash = id.lastIndexOf('#');
    const cls = index.classIn(id.slice(0, hash), id.slice(hash + 1));
    return cls !== undefined && isGuardClass(index, id.slice(0, hash), cls);
  };
  // A public name bound to several meanings names the concept its classes belong to: the
  // candidate one of them already is (its product, its duplicates), else its canonical meaning.
  for (const entry of nameIndex(index)) {
    const diverging = divergentMeanings(index, entry);
    if (diverging.length === 0) continue;
    const ids = entry.meanings.flatMap((g) => (g.meaning.kind === 'class' ? [`${g.meaning.file}#${g.meaning.name}`] : g.meaning.kind === 'instance' ? [g.meaning.classId] : []));
    // The candidate most of the name's classes belong to; else its canonical meaning (never a guard).
    const votes = new Map<string, number>();
    for (const i of ids) {
      const o = owner.get(i) ?? (byId.has(i) ? i : undefined);
      if (o) votes.set(o, (votes.get(o) ?? 0) + 1);
    }
    const id = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ids.find((i) => !isGuard(i));
    if (!id) continue;
    const modules = new Set(entry.meanings.flatMap((g) => g.bindings.map((b) => b.file))).size;
    const c = candidate(id, entry.name);
    // Named after the public name only when that is what the name means today: a concept of that
    // name makes its canonical the name's canonical meaning (names.ts), and must not flip it.
    const first = ids[0];
    if (first !== undefined && (first === id || owner.get(first) === id)) c.name = entry.name;
    c.reasons.push({
      text: `the name ${entry.name} means ${plural(entry.meanings.length, 'thing')} in ${plural(modules, 'module')} (${entry.meanings.map((g) => describeMeaning(g.meaning)).join(', ')})`,
      evidence: entry.meanings.length,
      weight: 3,
    });
  }
  // Exported singletons several modules share, and service classes built in many modules.
  const importers = importUsage(index);
  const builtIn = new Map<string, Set<string>>();
  for (const f of index.files) {
    if (index.isTestFile(f.path)) continue;
    for (const b of f.bindings) {
      if (b.init.kind !== 'new' || !index.isExported(f.path, b.name)) continue;
      const t = index.resolveClass(f.path, b.init.callee);
      const users = new Set((importers.get(`${f.path}#${b.name}`)?.uses ?? []).map((u) => u.file)).size;
      if (!t || t.cls.kind !== 'class' || users < 2 || isErrorClass(index, t.id)) continue;
      candidate(t.id, t.cls.name).reasons.push({ text: `one shared instance ${b.name} (${f.path}) imported by ${plural(users, 'module')}: every user of it shares its state`, evidence: users, weight: 1 });
    }
    for (const n of f.news) {
      if (n.local || n.thrown) continue;
      const t = index.resolveClass(f.path, n.callee);
      if (!t || t.cls.kind !== 'class' || !SERVICE_NAME.test(t.cls.name) || isErrorClass(index, t.id)) continue;
      const set = builtIn.get(t.id) ?? new Set<string>();
      set.add(f.path);
      builtIn.set(t.id, set);
    }
  }
  for (const [id, files] of builtIn) {
    if (files.size < 4) continue;
    candidate(id, id.slice(id.lastIndexOf('#') + 1)).reasons.push({ text: `constructed in ${plural(files.size, 'module')}: give it one factory if it should be one per process or per user`, evidence: files.size, weight: 0 });
  }
  const knownIds = new Set(known.flatMap((k) => (k.canonical ? [k.canonical] : [])));
  const knownNames = new Set(known.map((k) => k.name));
  // Concept names are unique: a second concept of one name is told apart by its class.
  const seen = new Set<string>();
  for (const c of byId.values()) {
    if (seen.has(c.name)) c.name = `${c.name}:${c.canonical.slice(c.canonical.lastIndexOf('#') + 1)}`;
    seen.add(c.name);
  }
  return [...byId.values()]
    .filter((c) => !knownIds.has(c.canonical) && !knownNames.has(c.name))
    .map((c) => ({ c, weight: Math.max(...c.reasons.map((r) => r.weight)), evidence: c.reasons.reduce((n, r) => n + r.evidence, 0) }))
    .sort((a, b) => b.weight - a.weight || b.evidence - a.evidence || (a.c.name < b.c.name ? -1 : 1))
    .map(({ c }) => ({
      $comment: `${c.reasons.map((r) => `${r.text} (evidence: ${r.evidence})`).join('. ')}. A canonical makes constructing ${c.name} outside its factories a direct-instantiation finding: list the sanctioned factories, or files where construction is fine in "allowNewIn".`,
      name: c.name,
      canonical: c.canonical,
      ...(c.factories.length > 0 ? { factories: [...new Set(c.factories)] } : {}),
    }));
}

/** The proposals as a short concept map for the terminal: one block per concept. */
export function conceptMapText(concepts: readonly ProposedConcept[]): string {
  return concepts
    .map((c) => {
      const [why] = c.$comment.split('. A canonical makes');
      return `  ${c.name}  ${c.canonical}\n${why!
        .split('. ')
        .map((line) => `    - ${line}`)
        .join('\n')}${c.factories ? `\n    - factories: ${c.factories.join(', ')}` : ''}\n`;
    })
    .join('');
}

export function initConfigText(concepts: ProposedConcept[]): string {
  const config = {
    $schema: CONFIG_SCHEMA_REF,
    $comment: [
      'Written by `ssot-lint init`: a starting point, review it. "$comment" keys are notes and are ignored.',
      'include/exclude/testFiles: globs relative to this file (defaults: every TS/JS file, minus node_modules, build output and .gitignored files; tests are **/*.test.*, **/*.spec.*, test/, tests/, __tests__/ and the like).',
      'rules: { "<rule-id>": "off" | "info" | "warning" | "error" | [severity, { options }] }; `ssot-lint rules` lists the ids.',
      'concepts: one entry per concept: name, canonical ("path#Class"), factories ("path#function"), allowNewIn (globs). Proposed below from the duplicate implementations the scan found.',
      'Next: `npx ssot-lint baseline` to accept what exists today, then gate CI with `npx ssot-lint --baseline ssot-baseline.json` (see docs/ci.md).',
    ],
    requireSuppressionReason: true,
    rules: {},
    concepts,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function runInit(dirArg: string | undefined, opts: InitCliOptions): void {
  const dir = path.resolve(dirArg ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`init ${dirArg ?? '.'}: not a directory`);
  const target = path.join(dir, CONFIG_FILE);
  const shown = path.relative(process.cwd(), target) || CONFIG_FILE;
  // A configured project: propose only what is new, and add it to the concepts it has.
  const existing = fs.existsSync(target) && !opts.force ? loadConfigFile(target).config : undefined;
  const pkg = path.join(dir, 'package.json');
  if (!existing && !opts.force && fs.existsSync(pkg)) {
    try {
      if ('ssot' in (JSON.parse(fs.readFileSync(pkg, 'utf8')) as object)) throw new UsageError(`init: ${path.relative(process.cwd(), pkg) || 'package.json'} already has an "ssot" config; use --force to write ${CONFIG_FILE} anyway (it takes precedence)`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      /* an unreadable package.json is not ours to judge here */
    }
  }
  // Scan with defaults (or the existing config's file selection): concepts are what is being proposed.
  const result = analyze({
    targets: ['.'],
    cwd: dir,
    config: existing ? { ...existing, concepts: [] } : {},
    ...(opts.tsconfig ? { tsconfig: path.resolve(opts.tsconfig) } : {}),
  });
  const concepts = proposeConcepts(result.index!, existing?.concepts ?? []);
  const n = concepts.length;
  const map = n > 0 ? `\n${conceptMapText(concepts)}` : '';
  if (existing) {
    if (n === 0) {
      process.stdout.write(`ssot-lint: ${shown} unchanged: ${result.filesScanned} files scanned, nothing new to propose (${plural(existing.concepts?.length ?? 0, 'concept')} configured).\n`);
      return;
    }
    const raw = JSON.parse(fs.readFileSync(target, 'utf8').replace(/^\uFEFF/, '')) as { concepts?: unknown[] };
    raw.concepts = [...(raw.concepts ?? []), ...concepts];
    writeFileAtomic(target, `${JSON.stringify(raw, null, 2)}\n`, 'init');
    process.stdout.write(`ssot-lint: added ${plural(n, 'concept')} to ${shown} (${concepts.map((c) => c.name).join(', ')}); review them:${map}`);
    return;
  }
  writeFileAtomic(target, initConfigText(concepts), 'init');
  process.stdout.write(
    `ssot-lint: wrote ${shown}: ${result.filesScanned} files scanned, ${plural(n, 'concept')} proposed${n ? ` (${concepts.map((c) => c.name).join(', ')})` : ''}.${map ? `${map}` : '\n'}` +
      `Review it, then: npx ssot-lint baseline${dirArg ? ` ${dirArg}` : ''}\n`,
  );
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

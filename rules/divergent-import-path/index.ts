import path from 'node:path';
import {
  canonicalReason,
  defineRule,
  describeMeaning,
  divergentMeanings,
  hopsToChain,
  importUsage,
  isErrorClass,
  isFactoryFunction,
  isFactoryName,
  loc,
  nameIndex,
  type FixRequest,
  type ImportFact,
  type ImportUse,
  type ProjectIndex,
  type ReportInput,
} from '../../src/api/index.js';

export default defineRule<{ includeTypeOnly: boolean; includeTests: boolean; allDeclarations: boolean }>({
  id: 'divergent-import-path',
  severity: 'warning',
  summary: 'one class or factory imported through several module paths',
  primaryLocation: 'each import that does not use the canonical path',
  options: {
    includeTypeOnly: { type: 'boolean', default: false, description: 'count `import type` uses too' },
    includeTests: { type: 'boolean', default: false, description: 'count and report imports in test files too' },
    allDeclarations: {
      type: 'boolean',
      default: false,
      description: 'check every value declaration, not only classes and factory functions (the concepts that fragment)',
    },
  },
  check(index, options, reportFinding) {
    // One import statement is one site: the names it takes through wrong paths become one finding.
    const byStatement = new Map<ImportFact, ReportInput[]>();
    const report = (f: ReportInput & { fact: ImportFact }): void => {
      const { fact, ...finding } = f;
      const list = byStatement.get(fact);
      if (list) list.push(finding);
      else byStatement.set(fact, [finding]);
    };
    // One public name, several meanings: an importer that reaches a non-canonical one gets another
    // class (or object, or contract) than the rest of the code under the same name.
    for (const entry of nameIndex(index)) {
      const diverging = divergentMeanings(index, entry);
      if (diverging.length === 0) continue;
      const canonical = entry.meanings[0]!;
      const home = canonical.bindings[0]!;
      for (const g of diverging) {
        for (const u of g.importers) {
          if (!options.includeTests && index.isTestFile(u.file)) continue;
          const binding = g.bindings.find((b) => u.chain.some((h) => h.file === b.file)) ?? g.bindings[0]!;
          report({
            fact: u.fact,
            file: u.file,
            at: u.at,
            symbol: entry.name,
            key: `${entry.name}\0${u.fact.specifier}\0name`,
            message: `${entry.name} is imported here through ${u.via}, where it means ${describeMeaning(g.meaning)}, but the canonical ${entry.name} is ${home.file}'s (${canonicalReason(entry.name, canonical)}), which means ${describeMeaning(canonical.meaning)}: import it from there.`,
            cause: {
              id: `${entry.name} canonical in ${home.file}`,
              title: `The canonical ${entry.name} is ${home.file}'s (${canonicalReason(entry.name, canonical)}), which means ${describeMeaning(canonical.meaning)}: import it from there, not through a module where the name means something else`,
              site: `${entry.name} imported through ${u.via}, where it means ${describeMeaning(g.meaning)}`,
            },
            related: [
              loc(home.file, home.at, `canonical ${entry.name}: ${describeMeaning(canonical.meaning)}`),
              loc(binding.file, binding.at, `where ${entry.name} is bound to ${describeMeaning(g.meaning)}`),
            ],
            chain: hopsToChain(u.chain),
          });
        }
      }
    }
    for (const [symbolId, usage] of importUsage(index)) {
      // Most declarations are imported through one module: nothing below can find two paths.
      if (!throughSeveralModules(usage.uses)) continue;
      const hash = symbolId.lastIndexOf('#');
      const declFile = symbolId.slice(0, hash);
      const name = symbolId.slice(hash + 1);
      const decl = index.declarationIn(declFile, name);
      if (!decl || decl.kind === 'interface' || decl.kind === 'type') continue;
      // A function is a concept when it is a factory by what it does (constructs or hands out the
      // product), not by its prefix: `resolveValue()` is a helper.
      const fn = decl.kind === 'function' && isFactoryName(name) ? index.functionIn(declFile, name) : undefined;
      const isConcept = decl.kind === 'class' || decl.kind === 'abstract-class' || (fn !== undefined && isFactoryFunction(index, declFile, fn));
      // Error classes are imported everywhere and are one object whichever path is used.
      if (!options.allDeclarations && (!isConcept || isErrorClass(index, symbolId))) continue;
      const language = index.language(declFile);
      // A module that merely imports the name for its own use (Python: every module-level import is
      // an attribute) is never the path to prefer over the declaring module or a deliberate facade.
      // ...unless most code goes through it (a module documented as the place to import from, like
      // distutils.core for Command): a clear majority is a facade in all but name.
      const statementsVia = new Map<string, Set<ImportFact>>();
      for (const u of usage.uses) {
        if (index.isTestFile(u.file)) continue;
        const set = statementsVia.get(u.via) ?? new Set<ImportFact>();
        set.add(u.fact);
        statementsVia.set(u.via, set);
      }
      const countVia = (via: string): number => statementsVia.get(via)?.size ?? 0;
      const incidental = (via: string): boolean =>
        language.importsArePrivateUnlessPublished && via !== declFile && !publishes(index, via, name) && !(countVia(via) >= 3 && countVia(via) > 2 * countVia(declFile));
      const barrels = barrelsAbove(declFile, usage.uses.filter((u) => !incidental(u.via)));
      // A module others import the name through re-exports it (Python `from .x import X` in a facade):
      // its own import is the re-export, not a second path.
      const reexporters = new Set(usage.uses.flatMap((u) => u.chain.filter((h) => h.file !== u.file && (h.kind === 'import' || h.kind === 'reexport')).map((h) => h.file)));
      const uses = usage.uses.filter(
        (u) =>
          (options.includeTypeOnly || !u.typeOnly) &&
          (options.includeTests || !index.isTestFile(u.file)) &&
          // `try: from new import X / except ImportError: from old import X` names both paths on purpose.
          !u.fact.compatFallback &&
          !reexporters.has(u.file) &&
          // A Python package's __init__.py imports to publish: its imports are its exports.
          !index.language(u.file).publishesImports(u.file) &&
          // Inside a package, files import their siblings directly while outsiders use its barrel.
          !barrels.some((b) => isInside(u.file, b)) &&
          // A module that re-exports the name is part of a path, not a user of one.
          !reexports(index.file(u.file)?.exports ?? [], u.local),
      );
      // Python runs a package's __init__.py before any of its submodules, so `from pkg import X` and
      // `from pkg.mod import X` (X defined in pkg/mod.py, published by pkg/__init__.py) always name
      // the one object: the package's own face and its defining submodule are one path.
      const pathOf = (via: string): string => (language.publishesImports(via) && isInside(declFile, path.posix.dirname(via)) ? declFile : via);
      const byVia = new Map<string, ImportUse[]>();
      for (const u of uses) {
        const via = pathOf(u.via);
        const list = byVia.get(via);
        if (list) list.push(u);
        else byVia.set(via, [u]);
      }
      if (byVia.size < 2) continue;
      const configured = index.concepts.find((c) => c.canonical === symbolId);
      const ranked = [...byVia.entries()].sort(
        (a, b) =>
          Number(incidental(a[0])) - Number(incidental(b[0])) ||
          statements(b[1]) - statements(a[1]) ||
          Number(b[0] === declFile) - Number(a[0] === declFile) ||
          (a[0] < b[0] ? -1 : 1),
      );
      const canonicalVia = configured ? declFile : ranked[0]![0];
      const canonicalUses = byVia.get(canonicalVia) ?? [];
      for (const [via, list] of ranked) {
        if (via === canonicalVia) continue;
        // Without a configured canonical, only a clear majority (at least two uses, more than this
        // path has) says which path is the convention.
        if (!configured && !incidental(via) && (statements(canonicalUses) < 2 || statements(canonicalUses) <= statements(list))) continue;
        // A private module (`_collections_abc`) is never the path to ask others to use instead of a public one.
        if (!configured && language.isPrivateModule(canonicalVia) && !language.isPrivateModule(via)) continue;
        for (const u of list) {
          // Workspaces: a package that declares the package it imports from (and not the canonical
          // path's) follows its own declared dependencies, whatever the majority does.
          if (index.declaresDependency(u.file, via) && !index.declaresDependency(u.file, canonicalVia)) continue;
          const example = canonicalUses[0];
          // The name to import from the canonical path: what its importers import, else the declaration's own.
          const canonicalName = example?.imported ?? (canonicalVia === declFile ? name : undefined);
          report({
            fact: u.fact,
            file: u.file,
            at: u.at,
            symbol: name,
            key: `${name}\0${u.fact.specifier}`,
            message: incidental(via)
              ? `${name} is imported here through ${u.via} ('${u.fact.specifier}'), which only imports it for its own use; ${name} is declared in ${declFile}${canonicalVia === declFile ? '' : ` and published by ${canonicalVia}`}: import it from ${canonicalVia === declFile ? 'there' : canonicalVia}.`
              : `${name} is imported here through ${u.via} ('${u.fact.specifier}'), but ${canonicalUses.length} import${canonicalUses.length === 1 ? '' : 's'} use${canonicalUses.length === 1 ? 's' : ''} ${canonicalVia}${configured ? ' (configured canonical)' : ''}: one declaration should have one import path.`,
            cause: {
              id: symbolId,
              title: `${name} (declared in ${declFile}) should have one import path: ${canonicalVia}${configured ? ' (configured canonical)' : ` (${canonicalUses.length} import${canonicalUses.length === 1 ? '' : 's'})`}`,
              site: `${name} imported through ${u.via} ('${u.fact.specifier}')`,
            },
            related: [
              ...(example ? [loc(example.file, example.at, `canonical path ${canonicalVia} (${canonicalUses.length} use${canonicalUses.length === 1 ? '' : 's'})`)] : []),
              ...ranked
                .filter(([v]) => v !== canonicalVia && v !== via)
                .map(([v, l]) => loc(l[0]!.file, l[0]!.at, `other path ${v} (${l.length} use${l.length === 1 ? '' : 's'})`)),
              loc(declFile, decl.at, `declaration of ${name}`),
            ],
            chain: hopsToChain(u.chain),
            ...(canonicalName !== undefined && u.fact.kind === 'static'
              ? {
                  fix: {
                    kind: 'move-import' as const,
                    description: `import ${name} from ${canonicalVia}`,
                    file: u.file,
                    statement: u.fact.at,
                    specifier: u.fact.specifier,
                    names: [{ imported: u.imported, as: canonicalName, local: u.local, typeOnly: u.typeOnly }],
                    target: canonicalVia,
                    via: u.via,
                    ...(example ? { example: { file: example.file, specifier: example.fact.specifier } } : {}),
                  },
                }
              : {}),
          });
        }
      }
    }
    for (const [fact, findings] of byStatement) {
      if (findings.length === 1) {
        reportFinding(findings[0]!);
        continue;
      }
      const names = [...new Set(findings.map((f) => f.symbol))];
      const first = findings[0]!;
      // One statement, one fix: the names bound for the first target move now; names bound elsewhere
      // are the next pass's (--fix repeats until nothing changes).
      const moves = findings.map((f) => f.fix).filter((x): x is FixRequest & { kind: 'move-import' } => x !== undefined && 'kind' in x && x.kind === 'move-import');
      const now = moves.filter((m) => m.target === moves[0]?.target);
      const fix = now.length > 0 ? { ...now[0]!, description: `import ${[...new Set(now.flatMap((m) => m.names.map((n) => n.local)))].join(', ')} from ${now[0]!.target}`, names: now.flatMap((m) => m.names) } : undefined;
      const { fix: _separate, ...shared } = first;
      reportFinding({
        ...shared,
        at: fact.at,
        symbol: names.join(', '),
        key: `${fact.specifier}\0${names.join('\0')}`,
        message: `${first.message} The same import also takes ${names.slice(1).join(', ')} through a path that is not canonical.`,
        ...(first.cause ? { cause: { ...first.cause, site: `${first.cause.site ?? first.symbol}, and ${names.slice(1).join(', ')} from the same import` } } : {}),
        related: findings.flatMap((f) => f.related ?? []).filter((r, i, all) => all.findIndex((o) => o.file === r.file && o.line === r.line && o.column === r.column) === i),
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/** Import statements among the uses: two names from one statement count once. */
function statements(uses: readonly ImportUse[]): number {
  return new Set(uses.map((u) => u.fact)).size;
}

/**
 * Does a Python module publish `name` on purpose: a package's `__init__.py`, a module that lists it
 * in `__all__`, or one that re-exports another module wholesale?
 */
function publishes(index: ProjectIndex, via: string, name: string): boolean {
  if (index.language(via).publishesImports(via)) return true;
  const f = index.file(via);
  // `from _collections_abc import *` (collections/abc.py): a module that re-exports wholesale is a facade.
  return (f?.starNames?.includes(name) ?? false) || (f?.exports.some((e) => e.kind === 'star') ?? false);
}

function throughSeveralModules(uses: readonly ImportUse[]): boolean {
  for (let i = 1; i < uses.length; i++) if (uses[i]!.via !== uses[0]!.via) return true;
  return false;
}

/**
 * Directories of re-exporting modules (barrels, `internal.ts` hubs) used as import paths that
 * contain the declaration: files inside such a package may import their siblings directly.
 */
function barrelsAbove(declFile: string, uses: ImportUse[]): string[] {
  const dirs = new Set<string>();
  for (const u of uses) {
    if (u.via === declFile) continue;
    const dir = path.posix.dirname(u.via);
    if (isInside(declFile, dir)) dirs.add(dir);
  }
  return [...dirs];
}

function reexports(exports: readonly { kind: string; exported?: string; local?: string }[], local: string): boolean {
  return exports.some((e) => e.kind === 'local' && e.local === local);
}

function isInside(file: string, dir: string): boolean {
  return dir === '.' || file.startsWith(`${dir}/`);
}

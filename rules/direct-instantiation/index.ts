import { defineRule, loc, managedNewSites, preferredFactoryText, unownedConstructions, type FactoryRef, type ManagedClass, type NewFact, type ProjectIndex, type Span } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'direct-instantiation',
  severity: 'error',
  summary: '`new X()` of a factory- or registry-managed class outside its factory',
  primaryLocation: 'the `new` expression',
  options: {
    includeTests: { type: 'boolean', default: false, description: 'also report constructions in test files' },
  },
  check(index, options, report) {
    for (const { file, site, managed, sanctioned } of managedNewSites(index)) {
      // Emergency paths are fallback-bypass's; a shared module/static instance is singleton-sharing's.
      // A construction stored straight into a cache is registered: a second factory
      // (factory-fragmentation's), not an unregistered instance.
      // A script's entry point (`if __name__ == "__main__":`) builds its own objects, once, by hand.
      if (sanctioned || site.inCatch || site.inFallback || site.storedIn || site.cached || site.script) continue;
      if (!options.includeTests && index.isTestFile(file)) continue;
      const name = managed.cls.name;
      const factory = matchingFactory(managed, site);
      report({
        file,
        at: site.at,
        symbol: name,
        key: `${site.callee}\0${site.enclosing}`,
        message: managed.guard
          ? `\`${index.language(file).spelling.construction(site.callee)}\` always ${index.language(file).spelling.throws}: ${managed.guard.name} here is ${name}, a guard that refuses construction so that callers get a ${managed.guard.product} (${managed.sourceText}); ${preferredFactoryText(managed)}.`
          : `\`${index.language(file).spelling.construction(site.callee)}\` bypasses the factory: ${name} is ${managed.sourceText}, so this creates a second, unregistered instance; ${preferredFactoryText(managed)}.`,
        cause: {
          id: managed.id,
          title: managed.guard
            ? `${name} is a guard that refuses construction so that callers get a ${managed.guard.product} (${managed.sourceText}): constructing it always ${index.language(file).spelling.throws}; ${preferredFactoryText(managed)}`
            : `${name} is ${managed.sourceText}: constructing it directly bypasses the factory and creates a second, unregistered instance; ${preferredFactoryText(managed)}`,
          site: `\`${index.language(file).spelling.construction(site.callee)}\`${site.enclosing ? ` in ${site.enclosing}()` : ''}`,
        },
        related: [
          ...managed.factories.slice(0, 3).map((f) => loc(f.file, f.at, f.kind === 'registry-create' ? `registry \`${f.name}\` creates ${name}` : `factory ${f.name}()`)),
          loc(managed.file, managed.cls.nameAt, `class ${name}`),
        ],
        ...(factory
          ? {
              fix: {
                kind: 'call-factory' as const,
                description: `call ${factory.name}() instead of constructing ${name}`,
                file,
                at: site.at,
                callee: site.callee,
                factory: factory.name,
                factoryFile: factory.file,
                ...classImportFrom(index, file, site.callee, factory.file),
              },
            }
          : {}),
      });
    }
    // A configured concept's platform or external class (`"class": "WebSocket"`), built outside its owners.
    for (const { file, site, concept } of unownedConstructions(index)) {
      if (site.inCatch || site.inFallback || site.script) continue;
      if (!options.includeTests && index.isTestFile(file)) continue;
      const spelled = index.language(file).spelling.construction(site.callee);
      const owners = concept.allowNewIn?.length ? concept.allowNewIn.join(', ') : 'no module';
      const hash = concept.class!.indexOf('#');
      const shown = hash < 0 ? concept.class! : `${concept.class!.slice(hash + 1)} (from ${concept.class!.slice(0, hash)})`;
      report({
        file,
        at: site.at,
        symbol: concept.class!,
        key: `owned\0${site.callee}\0${site.enclosing}`,
        message: `\`${spelled}\` outside the owners of the concept '${concept.name}' (${owners}): this module makes its own ${shown} instead of using the one its owners manage.`,
        cause: {
          id: `concept:${concept.name}`,
          title: `${shown} belongs to the concept '${concept.name}', owned by ${owners}: constructing it elsewhere makes an instance its owners do not manage`,
          site: `\`${spelled}\`${site.enclosing ? ` in ${site.enclosing}()` : ''}`,
        },
        related: [],
      });
    }
  },
});

/**
 * The factory a construction can call instead, when the edit is certain: a module-level function
 * (not a registry, not a method) that takes the constructor's parameters, one for one, and so
 * accepts the arguments the site passes (`new X(ctx)` → `getX(ctx)`), and returns the instance itself
 * (not a promise of it). A guard class has no such
 * factory: its product is another class.
 */
function matchingFactory(managed: ManagedClass, site: NewFact): FactoryRef | undefined {
  if (managed.guard || site.callee.includes('.')) return undefined;
  const f = managed.factories.find((x) => x.kind !== 'registry-create') ?? managed.factories[0];
  const fn = f?.fn;
  if (!f || !fn || f.kind === 'registry-create' || fn.className || fn.name.includes('.') || fn.isGenerator || fn.isAsync) return undefined;
  const params = fn.params;
  const ctor = managed.cls.ctorParams;
  if (params.length !== ctor.length) return undefined;
  const required = params.filter((p) => !p.optional && !p.name.startsWith('...') && !p.name.startsWith('*')).length;
  if (site.argCount < required || site.argCount > params.length) return undefined;
  return f;
}

/** The import in `file` that binds `local` from `module` (the factory joins it: one statement, one module). */
function classImportFrom(index: ProjectIndex, file: string, local: string, module: string): { classImport?: Span } {
  const fact = index.file(file)?.imports.find((i) => i.kind === 'static' && i.names.some((n) => n.local === local) && index.resolveModule(file, i) === module);
  return fact ? { classImport: fact.at } : {};
}

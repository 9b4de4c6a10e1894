import { defineRule, loc, managedNewSites, perUserReason, preferredFactoryText } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'fallback-bypass',
  severity: 'error',
  summary: '`new X()` of a managed class in a catch block or fallback branch, skipping its factory',
  primaryLocation: 'the `new` expression',
  options: {
    includeTests: { type: 'boolean', default: false, description: 'also report constructions in test files' },
  },
  check(index, options, report) {
    for (const { file, site, managed, sanctioned } of managedNewSites(index)) {
      if (!site.inCatch && !site.inFallback) continue;
      // Stored straight into the cache: the fallback registers what it builds.
      if (site.cached || site.script) continue;
      if (!options.includeTests && index.isTestFile(file)) continue;
      // A factory's own get-or-create (`?? new X()`, `if (!m) m = new X()`) is how it produces the
      // instance; a `catch` inside the factory that builds one anyway is the emergency path we flag.
      if (sanctioned && !site.inCatch) continue;
      const inRegistryCreate = managed.factories.some((f) => f.kind === 'registry-create' && f.file === file && f.registry && site.at.line >= f.registry.at.line && site.at.line <= f.registry.at.endLine);
      if (inRegistryCreate) continue;
      const name = managed.cls.name;
      const spelling = index.language(file).spelling;
      const where = site.inCatch ? spelling.catchBlock : 'a fallback branch';
      report({
        file,
        at: site.at,
        symbol: name,
        key: `${site.callee}\0${site.enclosing}\0${site.inCatch ? 'catch block' : 'fallback branch'}`,
        message: `\`${spelling.construction(site.callee)}\` in ${where} creates an unregistered ${name} when the normal path fails: ${name} is ${managed.sourceText}, so ${perUserReason(index, managed.id, managed.cls) ? 'this user' : 'the caller'} silently gets a second instance; ${site.inCatch ? spelling.rethrow : preferredFactoryText(managed)}.`,
        cause: {
          id: `${managed.id} in ${site.inCatch ? 'catch' : 'fallback'}`,
          title: `${name} is ${managed.sourceText}: constructing it in ${where} when the normal path fails gives ${perUserReason(index, managed.id, managed.cls) ? 'the user' : 'the caller'} a second, unregistered instance; ${site.inCatch ? spelling.rethrow : preferredFactoryText(managed)}`,
          site: `\`${spelling.construction(site.callee)}\`${site.enclosing ? ` in ${site.enclosing}()` : ''}`,
        },
        related: [
          ...managed.factories.slice(0, 3).map((f) => loc(f.file, f.at, f.kind === 'registry-create' ? `registry \`${f.name}\` creates ${name}` : `factory ${f.name}()`)),
          loc(managed.file, managed.cls.nameAt, `class ${name}`),
        ],
      });
    }
  },
});

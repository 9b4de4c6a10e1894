import { defineRule, loc, perUserReason, preferredFactoryText, managedClasses } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'singleton-sharing',
  severity: 'error',
  summary: 'one module-level or static instance of a per-user class, shared by every user',
  primaryLocation: 'the `new` expression that creates the shared instance',
  options: {
    includeTests: { type: 'boolean', default: false, description: 'also report shared instances in test files' },
  },
  check(index, options, report) {
    for (const file of index.files) {
      if (!options.includeTests && index.isTestFile(file.path)) continue;
      for (const site of file.news) {
        if (!site.storedIn || site.local) continue;
        const target = index.resolveClass(file.path, site.callee);
        // An immutable instance (frozen dataclass, NamedTuple) holds no state to leak.
        if (!target || target.cls.kind !== 'class' || target.cls.immutable) continue;
        const why = perUserReason(index, target.id, target.cls);
        if (!why) continue;
        const slot = site.storedIn.kind === 'module' ? `module-level \`${site.storedIn.name}\`` : `${index.language(file.path).spelling.classField} \`${site.storedIn.className}.${site.storedIn.name}\``;
        const managed = managedClasses(index).get(target.id);
        const name = target.cls.name;
        report({
          file: file.path,
          at: site.at,
          symbol: name,
          key: `${site.callee}\0${slot}`,
          message: `One ${name} is stored in ${slot} and shared by every user, but ${name} is per-user (${why}): state of one user leaks to the others${managed ? `; ${preferredFactoryText(managed)}` : '; create one per user through a keyed registry'}.`,
          cause: {
            id: target.id,
            title: `${name} is per-user (${why}), but one instance is kept where every user shares it: state of one user leaks to the others${managed ? `; ${preferredFactoryText(managed)}` : '; create one per user through a keyed registry'}`,
            site: `one ${name} stored in ${slot}`,
          },
          related: [loc(target.file, target.cls.nameAt, `class ${name}`), ...(managed?.factories.slice(0, 2).map((f) => loc(f.file, f.at, `factory ${f.name}()`)) ?? [])],
        });
      }
    }
  },
});

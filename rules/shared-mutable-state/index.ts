import { defineRule, describeInit, isMutableInit, loc, perUserReason } from '../../src/api/index.js';

export default defineRule<{ allClasses: boolean; includeTests: boolean }>({
  id: 'shared-mutable-state',
  severity: 'error',
  summary: 'mutable state shared across instances: mutable static fields of per-user classes, instance fields aliasing one module-level mutable object, mutable default arguments',
  primaryLocation: 'the static field, the assignment of the instance field, or the default value',
  options: {
    allClasses: {
      type: 'boolean',
      default: false,
      description: 'report mutable static fields on every class, not only per-user ones (static caches are often deliberate)',
    },
    includeTests: { type: 'boolean', default: false, description: 'also report in test files' },
  },
  check(index, options, report) {
    for (const file of index.files) {
      if (!options.includeTests && index.isTestFile(file.path)) continue;
      for (const cls of file.classes) {
        if (cls.kind !== 'class' && cls.kind !== 'abstract-class') continue;
        const id = `${file.path}#${cls.name}`;
        const perUser = index.classIn(file.path, cls.name) === cls ? perUserReason(index, id, cls) : undefined;

        // (a) A mutable static field: one object for all instances, so for all users. A Python class
        // attribute mutated through `self` reads like per-instance state, so it is reported on any class.
        for (const m of cls.members) {
          if (!m.isStatic || m.kind !== 'field' || !m.init || !isMutableInit(m.init)) continue;
          if (m.implicitStatic && cls.mutatedFields.includes(m.name)) {
            report({
              file: file.path,
              at: m.at,
              symbol: `${cls.name}.${m.name}`,
              key: `static\0${cls.name}.${m.name}`,
              cause: { id: `${id}.${m.name}` },
              message: `${capitalise(index.language(file.path).spelling.classField)} ${cls.name}.${m.name} holds ${describeInit(m.init)} that every ${cls.name} instance shares and mutates in place${perUser ? `, and ${cls.name} is per-user (${perUser})` : ''}: one instance's entries are visible to all; ${index.language(file.path).spelling.perInstanceInstead}.`,
              related: [loc(file.path, cls.nameAt, `class ${cls.name}`)],
            });
            continue;
          }
          // A class-level table nobody writes to is a constant, whatever its type.
          if (m.mutated === false) continue;
          if (perUser || options.allClasses) {
            report({
              file: file.path,
              at: m.at,
              symbol: `${cls.name}.${m.name}`,
              key: `static\0${cls.name}.${m.name}`,
              cause: { id: `${id}.${m.name}` },
              message: `${capitalise(index.language(file.path).spelling.classField)} ${cls.name}.${m.name} holds ${describeInit(m.init)} shared by every ${cls.name} instance${perUser ? `, and ${cls.name} is per-user (${perUser})` : ''}: one user's entries are visible to all.`,
              related: [loc(file.path, cls.nameAt, `class ${cls.name}`)],
            });
          }
        }

        // (b) An instance field pointing at one module-level mutable object: every instance shares it.
        for (const ref of cls.fieldRefs) {
          const root = ref.ref.split('.')[0]!;
          const r = index.resolveName(file.path, root);
          if (!r || r.symbol.kind !== 'variable' || ref.ref.includes('.')) continue;
          const binding = index.bindingIn(r.symbol.file, r.symbol.name);
          if (!binding || !isMutableInit(binding.init)) continue;
          // A shared sentinel or lookup table is fine until someone writes through it: report when the
          // class mutates it, or when instances belong to different users.
          // A shared Map/Set assigned to a field is a deliberate process-wide cache; a shared plain
          // object or array ("defaults") written through is the leak.
          const mutated = cls.mutatedFields.includes(ref.field);
          // A language without the Map/object split (Python) names its plain-data collections.
          const plainData = binding.init.kind === 'object' || binding.init.kind === 'array' || (binding.init.kind === 'collection' && index.language(r.symbol.file).plainDataCollections.includes(binding.init.type));
          if (!perUser && !(mutated && plainData)) continue;
          report({
            file: file.path,
            at: ref.at,
            symbol: `${cls.name}.${ref.field}`,
            key: `field\0${cls.name}.${ref.field}\0${ref.ref}`,
            message: `${cls.name}.${ref.field} points every instance at the one module-level ${ref.ref} (${describeInit(binding.init)})${mutated ? ` and ${cls.name} writes through it` : ''}: a change made for one ${perUser ? 'user' : 'instance'} shows up in all; copy it per instance instead.`,
            cause: {
              id: `${r.symbol.file}#${ref.ref}`,
              title: `Instance fields point at the one module-level ${ref.ref} (${r.symbol.file}, ${describeInit(binding.init)}): a change made through one instance shows up in all; copy it per instance instead`,
              site: `${cls.name}.${ref.field}${mutated ? `, and ${cls.name} writes through it` : ''}${perUser ? ` (${cls.name} is per-user: ${perUser})` : ''}`,
            },
            related: [loc(r.symbol.file, binding.nameAt, `module-level ${ref.ref}`), loc(file.path, cls.nameAt, `class ${cls.name}`)],
          });
        }
      }

      // (c) A mutable default argument (Python evaluates it once): every call that omits the argument
      // shares one object, and this function mutates it or stores it on an instance.
      for (const fn of file.functions) {
        for (const p of fn.params) {
          const d = p.sharedDefault;
          // `_cache={}`, `cache={}`, `memo={}`: a parameter no caller passes, the deliberate memo idiom.
          if (!d || !d.mutated || !isMutableInit(d.init) || p.name.startsWith('_') || /cache|memo/i.test(p.name)) continue;
          report({
            file: file.path,
            at: d.at,
            symbol: `${fn.qualifiedName}(${p.name})`,
            key: `default\0${fn.qualifiedName}\0${p.name}`,
            cause: { id: `${file.path}#${fn.qualifiedName}(${p.name})` },
            message: `The default of ${p.name} in ${fn.qualifiedName}() is ${describeInit(d.init)} created once and shared by every call that omits ${p.name}, and the function mutates or keeps it: one caller's entries leak into the next; default to None and create it inside.`,
            related: [loc(file.path, fn.nameAt, `${fn.qualifiedName}()`)],
          });
        }
      }
    }
  },
});

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

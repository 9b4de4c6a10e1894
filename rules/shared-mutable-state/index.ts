import { defineRule, describeInit, isMutableInit, loc, perUserReason } from '../../src/api/index.js';

export default defineRule<{ allClasses: boolean; includeTests: boolean }>({
  id: 'shared-mutable-state',
  severity: 'error',
  summary: 'mutable state shared across instances: mutable static fields of per-user classes, instance fields aliasing one module-level mutable object',
  primaryLocation: 'the static field, or the assignment of the instance field',
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

        // (a) A mutable static field: one object for all instances, so for all users.
        if (perUser || options.allClasses) {
          for (const m of cls.members) {
            if (!m.isStatic || m.kind !== 'field' || !m.init || !isMutableInit(m.init)) continue;
            report({
              file: file.path,
              at: m.at,
              symbol: `${cls.name}.${m.name}`,
              key: `static\0${cls.name}.${m.name}`,
              message: `Static field ${cls.name}.${m.name} holds ${describeInit(m.init)} shared by every ${cls.name} instance${perUser ? `, and ${cls.name} is per-user (${perUser})` : ''}: one user's entries are visible to all.`,
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
          const plainData = binding.init.kind === 'object' || binding.init.kind === 'array';
          if (!perUser && !(mutated && plainData)) continue;
          report({
            file: file.path,
            at: ref.at,
            symbol: `${cls.name}.${ref.field}`,
            key: `field\0${cls.name}.${ref.field}\0${ref.ref}`,
            message: `${cls.name}.${ref.field} points every instance at the one module-level ${ref.ref} (${describeInit(binding.init)})${mutated ? ` and ${cls.name} writes through it` : ''}: a change made for one ${perUser ? 'user' : 'instance'} shows up in all; copy it per instance instead.`,
            related: [loc(r.symbol.file, binding.nameAt, `module-level ${ref.ref}`), loc(file.path, cls.nameAt, `class ${cls.name}`)],
          });
        }
      }
    }
  },
});

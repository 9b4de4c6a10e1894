import { defineRule, duplicateFactories, duplicateGroups, loc, type DuplicateFactory, type Spelling } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'duplicate-implementation',
  severity: 'warning',
  summary: 'several concrete classes implementing one concept, or one factory name defined in several modules',
  primaryLocation: 'each non-canonical class or factory (the canonical one is listed as related)',
  options: {
    // Fakes and fixtures in tests implement a concept on purpose.
    includeTests: { type: 'boolean', default: false, description: 'also count classes and factories declared in test files' },
  },
  check(index, options, report) {
    for (const group of duplicateGroups(index, options.includeTests)) {
      const [canonical, ...others] = group.members;
      const why = index.concepts.some((c) => c.canonical === canonical!.id)
        ? 'configured canonical'
        : canonical!.imports > 0
          ? `canonical: imported ${canonical!.imports} time${canonical!.imports === 1 ? '' : 's'}`
          : 'canonical';
      for (const m of others) {
        const s = group.shared.get(m.id)!;
        report({
          file: m.file,
          at: m.cls.nameAt,
          symbol: m.cls.name,
          key: `${group.concept}\0${m.cls.name}`,
          message: `${m.cls.name} is one of ${group.members.length} implementations of the ${canonical!.cls.name} concept (${
            s.shared / s.total >= 0.3
              ? `shares ${s.shared} of ${s.total} methods with ${canonical!.cls.name} in ${canonical!.file}`
              : `shares ${s.publicShared} methods with ${canonical!.cls.name} in ${canonical!.file}: ${s.publicShared === s.smaller ? 'all' : `${s.publicShared} of`} the smaller class's ${s.smaller} public methods`
          }): callers cannot tell which is real; keep one and delete or alias the rest.`,
          cause: {
            id: `concept ${group.concept} canonical ${canonical!.id}`,
            title: `${group.members.length} classes implement the ${canonical!.cls.name} concept (${canonical!.cls.name} in ${canonical!.file}, ${why}): callers cannot tell which is real; keep one and delete or alias the rest`,
            site: `${m.cls.name}, shares ${s.shared} of ${s.total} methods with ${canonical!.cls.name}`,
          },
          related: [
            loc(canonical!.file, canonical!.cls.nameAt, `${canonical!.cls.name} (${why})`),
            ...others.filter((o) => o !== m).map((o) => loc(o.file, o.cls.nameAt, `${o.cls.name}, another implementation`)),
          ],
        });
      }
    }
    for (const group of duplicateFactories(index, options.includeTests)) {
      const [canonical, ...others] = group.members;
      for (const m of others) {
        const spelling = index.language(m.file).spelling;
        report({
          file: m.file,
          at: m.fn.nameAt,
          symbol: m.fn.name,
          key: `factory\0${m.fn.name}`,
          message: `${m.fn.name}() is defined again here (${contract(m, spelling)}), and also in ${canonical!.file} (${contract(canonical!, spelling)}${canonical!.imports > 0 ? `, imported ${canonical!.imports} time${canonical!.imports === 1 ? '' : 's'}` : ''}): one factory name with ${group.members.length} implementations, and callers get whichever their import path reaches.`,
          cause: {
            id: `factory ${m.fn.name} canonical in ${canonical!.file}`,
            title: `${m.fn.name}() has ${group.members.length} implementations, the first in ${canonical!.file} (${contract(canonical!, spelling)}): callers get whichever their import path reaches`,
            site: `${m.fn.name}() defined again (${contract(m, spelling)})`,
          },
          related: [
            loc(canonical!.file, canonical!.fn.nameAt, `${canonical!.fn.name}() (${contract(canonical!, spelling)})`),
            ...others.filter((o) => o !== m).map((o) => loc(o.file, o.fn.nameAt, `${o.fn.name}() again (${contract(o, spelling)})`)),
          ],
        });
      }
    }
  },
});

/** `async, makes LegacyWebSocketManager`: what a caller gets from the factory. */
function contract(m: DuplicateFactory, spelling: Spelling): string {
  const async = m.fn.isAsync || m.fn.returnType.kind === 'promise';
  const products = m.products.map((id) => id.slice(id.lastIndexOf('#') + 1)).join(', ');
  return `${spelling.functionKind(async)}, makes ${products}`;
}

import { canonicalReason, defineRule, describeMeaning, divergentMeanings, hopsToChain, loc, nameIndex, type Meaning } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'alias-divergence',
  severity: 'error',
  summary: 'one public name bound to different classes, instances or functions in different modules, so what importers get depends on the path',
  primaryLocation: 'each binding of the name to a non-canonical meaning (the alias, rename or declaration)',
  options: {
    // A test that rebinds a public name is usually installing a double for that test.
    includeTests: { type: 'boolean', default: false, description: 'also count and report bindings in test files' },
  },
  check(index, options, report) {
    for (const entry of nameIndex(index, options.includeTests)) {
      const diverging = divergentMeanings(index, entry);
      if (diverging.length === 0) continue;
      const canonical = entry.meanings[0]!;
      const home = canonical.bindings[0]!;
      for (const g of diverging) {
        for (const b of g.bindings) {
          const verb = index.language(b.file).spelling.published;
          // Two classes of one name are told apart by where they are defined.
          const same = describeMeaning(g.meaning) === describeMeaning(canonical.meaning);
          const mine = `${describeMeaning(g.meaning)}${same ? ` of ${g.meaning.file}` : ''}`;
          const theirs = `${describeMeaning(canonical.meaning)}${same ? ` of ${canonical.meaning.file}` : ''}`;
          report({
            file: b.file,
            at: b.at,
            symbol: entry.name,
            key: `${entry.name}\0${g.meaning.key}`,
            message: `${entry.name} ${verb} means ${mine}, but the canonical ${entry.name} (${home.file}, ${canonicalReason(entry.name, canonical)}) means ${theirs}: importers get a different ${noun(g.meaning)} depending on the module they import the name from.`,
            cause: {
              id: `${entry.name} canonical in ${home.file}`,
              title: `${entry.name} is bound to ${entry.meanings.length} different meanings, but the canonical ${entry.name} (${home.file}, ${canonicalReason(entry.name, canonical)}) means ${describeMeaning(canonical.meaning)}: importers get a different ${noun(canonical.meaning)} depending on the module they import the name from`,
              site: `${entry.name} ${verb} means ${mine}`,
            },
            related: [
              loc(home.file, home.at, `the canonical ${entry.name}: ${describeMeaning(canonical.meaning)}`),
              ...definitionOf(g.meaning, `what this ${entry.name} really is`),
              ...diverging.filter((o) => o !== g).map((o) => loc(o.bindings[0]!.file, o.bindings[0]!.at, `another ${entry.name}: ${describeMeaning(o.meaning)}`)),
            ],
            chain: [...hopsToChain(b.chain), ...definitionStep(g.meaning)],
          });
        }
      }
    }
  },
});

function noun(m: Meaning): string {
  return m.kind === 'class' ? 'class' : m.kind === 'instance' ? 'object' : 'function';
}


function definitionOf(m: Meaning, message: string): ReturnType<typeof loc>[] {
  if (m.kind === 'class') return [loc(m.file, m.cls.nameAt, `${message}: class ${m.name}`)];
  if (m.kind === 'instance') return [loc(m.file, m.at, `${message}: ${m.name} = ${m.className}(…)`)];
  return [loc(m.file, m.fn.nameAt, `${message}: function ${m.name}`)];
}

function definitionStep(m: Meaning): { file: string; line: number; column: number; text: string }[] {
  const at = m.kind === 'class' ? m.cls.nameAt : m.kind === 'instance' ? m.at : m.fn.nameAt;
  const text = m.kind === 'class' ? `class ${m.name}` : m.kind === 'instance' ? `${m.name} = ${m.className}(…)` : `function ${m.name}`;
  return [{ file: m.file, line: at.line, column: at.column, text }];
}

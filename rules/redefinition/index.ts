import { defineRule, loc } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'redefinition',
  severity: 'warning',
  summary: 'a class, function or method defined again in the same scope, so the earlier definition never runs',
  primaryLocation: 'the later definition',
  options: {
    includeTests: {
      type: 'boolean',
      default: true,
      description: 'check test files too (on: a test function defined twice silently never runs)',
    },
  },
  check(index, options, report) {
    for (const f of index.files) {
      if (!f.redefinitions || (!options.includeTests && index.isTestFile(f.path))) continue;
      const spelling = index.language(f.path).spelling;
      for (const r of f.redefinitions) {
        const what =
          r.kind === 'class' ? `class ${r.name}` : r.kind === 'method' ? `method ${r.className}.${r.name}` : `function ${r.name}`;
        const rule = spelling.laterDefinitionWins(r.kind, r.name);
        report({
          file: f.path,
          at: r.at,
          symbol: r.kind === 'method' ? `${r.className}.${r.name}` : r.name,
          key: `${r.kind}\0${r.className ?? ''}\0${r.name}`,
          message: `${what} is defined again here: ${rule}, so the definition at line ${r.earlier.line} ${r.kind === 'class' ? 'is never used' : 'never runs'}; merge the two or rename one.`,
          cause: {
            id: `${f.path}#${r.kind === 'method' ? `${r.className}.` : ''}${r.name}`,
            title: `${what} is defined several times: ${rule}, so only the last definition counts; merge them or rename`,
            site: `${what} defined again (earlier at line ${r.earlier.line})`,
          },
          related: [loc(f.path, r.earlier, `the earlier ${what}, replaced`)],
        });
      }
    }
  },
});

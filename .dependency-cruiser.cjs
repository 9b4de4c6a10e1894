/**
 * The layers of ssot-lint (drawn in docs/architecture.md, "Layers"), each rule with its reason.
 * Checked on every `npm test` (test/layers.test.ts) and by `npm run layers`.
 *
 * Type-only imports count (tsPreCompilationDeps): a type is as much a dependency of the design as a
 * value, so a shared type lives in the lowest layer that uses it.
 */
const STAGES = 'src/(cli|fix|engine|cache|report|config|discover|frontends|api|registry)/';

/**
 * The layers top to bottom, as docs/architecture.md draws them: a folder imports only folders below
 * it (the rules after `layerRules` narrow that further where a layer says "only").
 */
const LAYERS = [['src/cli'], ['src/fix'], ['src/engine'], ['rules'], ['src/api'], ['src/cache'], ['src/report'], ['src/config', 'src/discover'], ['src/frontends'], ['src/model'], ['src/util']];

/** One rule per layer: nothing in it imports a layer above it (or a sibling, except its own folder). */
const layerRules = LAYERS.slice(1).map((layer, i) => {
  const above = LAYERS.slice(0, i + 1).flat();
  const path = (folders) => `^(${folders.map((f) => f.replace('/', '\\/')).join('|')})/`;
  return {
    name: `below-${layer.join('+').replace(/src\//g, '')}`,
    severity: 'error',
    comment: `${layer.join(' and ')} sit${layer.length > 1 ? '' : 's'} below ${above.join(', ')} (docs/architecture.md "Layers"): importing upward makes the lower layer depend on what depends on it.`,
    from: { path: path(layer) },
    to: { path: path(layer.length > 1 ? above : above) },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'A module cycle ties its files into one unit that can only be understood, tested and loaded together. A cycle through a type-only import is not one (nothing loads it, as import-cycle says of the code it analyses); folders stay strict below.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders are layers: when two import each other, neither is below the other. Move what both need down.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'cli-on-top',
      severity: 'error',
      comment: 'src/cli parses options and prints; nothing below may depend on it (move what it shares down, e.g. src/util/version.ts).',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'rules-import-only-api',
      severity: 'error',
      comment: 'A rule is a query over the linked project through src/api, the one surface rules may use.',
      from: { path: '^rules/' },
      to: { path: '^src/', pathNot: '^src/api/' },
    },
    {
      name: 'api-imports-only-model',
      severity: 'error',
      comment: 'src/api re-exports the model and its analyses for rules (and is the package\'s main export).',
      from: { path: '^src/api/' },
      to: { path: '^(src/|rules/)', pathNot: '^src/(api|model|util)/' },
    },
    {
      name: 'model-imports-no-stage',
      severity: 'error',
      comment: 'The model (facts, ProjectIndex, linker, analyses) is what every stage shares; languages plug into it from src/frontends, never the other way.',
      from: { path: '^src/model/' },
      to: { path: `^(${STAGES}|rules/)` },
    },
    {
      name: 'frontends-import-only-model',
      severity: 'error',
      comment: 'A language turns a file into facts (model) and knows nothing of how runs, caches or reports use them.',
      from: { path: '^src/frontends/' },
      to: { path: '^(src/|rules/)', pathNot: '^src/(frontends|model|util)/' },
    },
    {
      name: 'report-reads-only-results',
      severity: 'error',
      comment: 'A reporter is a pure function of ReportData (src/report/types.ts); whatever it needs is put there by src/cli.',
      from: { path: '^src/report/' },
      to: { path: '^(src/|rules/)', pathNot: '^src/(report|model|util)/' },
    },
    {
      name: 'config-discover-below-engine',
      severity: 'error',
      comment: 'Reading configuration and finding files come before a run; they know nothing of the engine, the caches or the reports.',
      from: { path: '^src/(config|discover)/' },
      to: { path: '^(src/(engine|cache|report|api)/|rules/)' },
    },
    {
      name: 'fix-after-the-analysis',
      severity: 'error',
      comment: 'src/fix turns a finished analysis into edits (parsing again with the frontends); only the CLI drives it, and it writes no report.',
      from: { path: '^src/fix/' },
      to: { path: '^(src/|rules/)', pathNot: '^src/(fix|engine|frontends|model|util)/' },
    },
    {
      name: 'cache-below-engine',
      severity: 'error',
      comment: 'The caches store what the engine computes (facts, results); the engine drives them, not the other way.',
      from: { path: '^src/cache/' },
      to: { path: '^(src/(engine|api)/|rules/)' },
    },
    {
      name: 'util-at-bottom',
      severity: 'error',
      comment: 'src/util (errors, hashing, version, private files) is imported by every layer, so it imports none.',
      from: { path: '^src/util/' },
      to: { path: '^(src/|rules/)', pathNot: '^src/util/' },
    },
    {
      name: 'registry-standalone',
      severity: 'error',
      comment: 'src/registry ships as ssot-lint/registry: dependency-free, nothing from the linter, nothing from npm.',
      from: { path: '^src/registry/' },
      to: { pathNot: '^src/registry/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve is an import no rule above can see.',
      from: { path: '^(src|rules)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '^(test|bench|fixtures|dist|scripts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    // As Node resolves this package's imports (web-tree-sitter nests its conditions under import/require).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['module', 'main'] },
  },
};

/**
 * The tools a user would otherwise run for the checks that overlap with ssot-lint's, configured
 * for exactly that overlap, invoked as a user would (their own CLIs, no cache):
 *   dependency-cruiser  no-circular            (ssot-lint: import cycles through the module graph)
 *   madge --circular                           (same)
 *   eslint + typescript-eslint await-thenable  (ssot-lint: awaited-sync-call; theirs is type-checked)
 *   eslint-plugin-import-x no-cycle            (same as the first two, inside ESLint)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (rel) => path.join(ROOT, 'node_modules', rel);

/** Write the per-corpus configs (outside the corpus, so no tool scans them). */
export function prepareCompare(corpus, outDir) {
  const dir = path.join(outDir, 'compare-config', corpus.name);
  fs.mkdirSync(dir, { recursive: true });
  const src = fs.existsSync(path.join(corpus.dir, 'packages')) ? 'packages' : 'src';
  const depcruise = path.join(dir, 'depcruise.cjs');
  fs.writeFileSync(
    depcruise,
    `module.exports = {
  forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: ${JSON.stringify(path.join(corpus.dir, 'tsconfig.json'))} },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
`,
  );
  // Resolve plugins from this repository's node_modules whatever the corpus is.
  const common = `import tseslint from ${JSON.stringify(bin('typescript-eslint/dist/index.js'))};`;
  const typed = path.join(dir, 'eslint.typed.config.mjs');
  fs.writeFileSync(
    typed,
    `${common}
export default [
  {
    files: ['${src}/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: ${JSON.stringify(path.join(corpus.dir, 'tsconfig.json'))}, tsconfigRootDir: ${JSON.stringify(corpus.dir)} } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/await-thenable': 'error' },
  },
];
`,
  );
  const cycle = path.join(dir, 'eslint.cycle.config.mjs');
  fs.writeFileSync(
    cycle,
    `${common}
import importX, { createNodeResolver } from ${JSON.stringify(bin('eslint-plugin-import-x/lib/index.js'))};
export default [
  {
    files: ['${src}/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { 'import-x': importX },
    // import-x's own TypeScript preset, with its built-in resolver instead of the typescript resolver plugin.
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
];
`,
  );
  return { corpus, src, depcruise, typed, cycle };
}

const count = (re) => (text) => (text.match(re) ?? []).length;

/** ESLint's JSON output: messages of one rule, and files linted. */
function eslintSummary(stdout, ruleId) {
  try {
    const files = JSON.parse(stdout);
    const n = files.reduce((a, f) => a + f.messages.filter((m) => m.ruleId === ruleId).length, 0);
    const fatal = files.reduce((a, f) => a + f.messages.filter((m) => m.fatal).length, 0);
    return `${n} findings in ${files.length} files${fatal ? `, ${fatal} parse failures` : ''}`;
  } catch {
    return 'unreadable output';
  }
}

export const COMPARE_TOOLS = [
  {
    name: 'dependency-cruiser no-circular',
    checks: 'import cycles (what ssot-lint import-cycle reports; dependency-cruiser also offers many other graph rules)',
    invocation: (p) => ({ script: bin('dependency-cruiser/bin/dependency-cruise.mjs'), args: ['--config', p.depcruise, '--output-type', 'err', p.src], okCodes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }),
    summarise: (stdout) => {
      const m = /(\d+) violations? \((\d+) errors?/.exec(stdout) ?? /x (\d+) dependency violations/.exec(stdout);
      const mods = /(\d+) modules, (\d+) dependencies cruised/.exec(stdout);
      return `${m ? m[1] : count(/no-circular/g)(stdout)} no-circular violations${mods ? ` (${mods[1]} modules cruised)` : ''}`;
    },
  },
  {
    name: 'madge --circular',
    checks: 'import cycles',
    invocation: (p) => ({ script: bin('madge/bin/cli.js'), args: ['--circular', '--no-spinner', '--no-color', '--extensions', 'ts,tsx', p.src], okCodes: [0, 1] }),
    // madge prints the file count on stdout and the verdict on stderr.
    summarise: (stdout, stderr) => {
      const m = /Found (\d+) circular/.exec(`${stdout}\n${stderr}`);
      const files = /Processed (\d+) files/.exec(stdout);
      return `${m ? m[1] : 0} cycles${files ? ` in ${files[1]} files` : ''}`;
    },
  },
  {
    name: 'eslint + typescript-eslint await-thenable (typed)',
    checks: 'await on a non-thenable, decided by the type checker: more precise and broader than awaited-sync-call (any expression, not only calls of project functions), at the cost of a full type-check program',
    invocation: (p) => ({ script: bin('eslint/bin/eslint.js'), args: ['--no-config-lookup', '-c', p.typed, '--format', 'json', '--no-warn-ignored', p.src], okCodes: [0, 1] }),
    summarise: (stdout) => eslintSummary(stdout, '@typescript-eslint/await-thenable'),
  },
  {
    name: 'eslint-plugin-import-x no-cycle',
    checks: 'import cycles, reported per import statement',
    invocation: (p) => ({ script: bin('eslint/bin/eslint.js'), args: ['--no-config-lookup', '-c', p.cycle, '--format', 'json', '--no-warn-ignored', p.src], okCodes: [0, 1] }),
    summarise: (stdout) => eslintSummary(stdout, 'import-x/no-cycle'),
  },
];

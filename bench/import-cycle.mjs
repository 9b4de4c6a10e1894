// The cycle finder on a generated 50,000-module project:
// `npm run build && node bench/import-cycle.mjs [modules] [ring|dag]`.
// Builds synthetic facts (3 imports per module, some pointing back so that large and small cycles
// exist), links them with the real resolver and runs the import-cycle rule. Not a timed test: it
// prints the times so a regression to super-linear behaviour is visible.
import { ProjectIndex } from '../dist/src/model/project-index.js';
import { TsModuleResolver } from '../dist/src/frontends/typescript/resolve.js';
import { semanticsOf } from '../dist/src/frontends/index.js';
import { FACTS_VERSION } from '../dist/src/model/facts.js';
import importCycle from '../dist/rules/import-cycle/index.js';

const n = Number(process.argv[2] ?? 50_000);
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const at = { line: 1, column: 1, endLine: 1, endColumn: 20 };
const name = (i) => `src/m${Math.floor(i / 1000)}/f${i}.ts`;

// 'ring': one component through every module (i → i+1 wraps around); 'dag': forward edges with
// short back edges, so thousands of small components.
const shape = process.argv[3] ?? 'ring';

function facts(i) {
  const forward = shape === 'ring' ? (i + 1) % n : Math.min(n - 1, i + 1 + Math.floor(random() * 50));
  const targets = new Set([forward, shape === 'ring' ? Math.floor(random() * n) : Math.min(n - 1, i + 1 + Math.floor(random() * 1000))]);
  if (random() < 0.05) targets.add(Math.max(0, i - 1 - Math.floor(random() * 10))); // short back edges
  targets.delete(i);
  const dir = `src/m${Math.floor(i / 1000)}`;
  const imports = [...targets].map((t, k) => {
    const to = name(t);
    const rel = to.startsWith(`${dir}/`) ? `./f${t}` : `../m${Math.floor(t / 1000)}/f${t}`;
    return { specifier: rel, kind: 'static', typeOnly: false, names: [{ imported: 'x', local: `x${k}`, typeOnly: false }], at: { ...at, line: k + 1 } };
  });
  return {
    version: FACTS_VERSION, path: name(i), language: 'typescript', hash: String(i), parseErrors: [], imports, exports: [],
    declarations: [], classes: [], functions: [], calls: [], news: [], bindings: [], keyedOps: [], registries: [], suppressions: [],
  };
}

let t = performance.now();
const files = Array.from({ length: n }, (_, i) => facts(i));
const fileSet = new Set(files.map((f) => f.path));
const resolver = new TsModuleResolver(fileSet, { paths: [] });
const index = new ProjectIndex(files, { root: '/bench', isTestFile: () => false, languages: semanticsOf(), resolvers: { typescript: resolver } });
console.log(`generated ${n} modules (${shape}), ${files.reduce((s, f) => s + f.imports.length, 0)} imports in ${(performance.now() - t).toFixed(0)} ms`);

t = performance.now();
const edges = index.importEdges().length;
console.log(`resolved ${edges} edges in ${(performance.now() - t).toFixed(0)} ms`);

for (const options of [
  { includeDynamic: false, maxCycleLength: 0, onlyManaged: false, includeTests: false },
  { includeDynamic: false, maxCycleLength: 5, onlyManaged: false, includeTests: false },
]) {
  const findings = [];
  t = performance.now();
  importCycle.check(index, options, (f) => findings.push(f));
  const ms = performance.now() - t;
  const longest = Math.max(0, ...findings.map((f) => f.related.length + 1));
  console.log(`import-cycle maxCycleLength=${options.maxCycleLength}: ${findings.length} cycle groups reported (longest shown cycle ${longest} modules) in ${ms.toFixed(0)} ms`);
}

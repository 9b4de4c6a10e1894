#!/usr/bin/env node
/**
 * The hand-written resolver (src/frontends/typescript/resolve.ts + src/config/workspaces.ts) against the two
 * resolver libraries the field uses, on one tree without node_modules: how many of the project's
 * imports each maps to a file ssot-lint analyses, and how long resolving them all takes.
 * The libraries get what they need to find workspace packages without node_modules (an alias per
 * package name to its directory), `.js` → `.ts` extension aliases, the conditions ssot-lint tries,
 * and (oxc) tsconfig discovery for `paths`.
 *
 *   npm run build && node bench/monorepo.js && node bench/resolvers.js bench/out/monorepo-60
 *
 * enhanced-resolve and unrs-resolver (oxc-resolver's fork) are only in node_modules as dependencies
 * of the comparison tools (dependency-cruiser, eslint-plugin-import-x); ssot-lint does not ship them.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { analyze } from '../dist/src/engine/run.js';
import { loadWorkspace, workspacePackageFile } from '../dist/src/config/workspaces.js';
import { loadPathAliases } from '../dist/src/config/tsconfig.js';
import { TsModuleResolver } from '../dist/src/frontends/typescript/resolve.js';

const require = createRequire(import.meta.url);
const dir = path.resolve(process.argv[2] ?? 'bench/out/monorepo-60');
const result = analyze({ targets: ['.'], cwd: dir, cache: false });
const index = result.index;
const files = new Set(index.files.map((f) => f.path));
const ws = loadWorkspace(dir, path.join(dir, 'tsconfig.json'));
const imports = index.files.flatMap((f) => f.imports.map((i) => ({ file: f.path, specifier: i.specifier })));
// The project's imports: what ssot-lint calls project specifiers, or resolves.
const project = imports.filter((i) => index.resolveModule(i.file, i.specifier) !== undefined || index.isProjectSpecifier(i.file, { specifier: i.specifier }));

function measure(label, resolve) {
  let hits = 0;
  const t0 = performance.now();
  for (const i of project) {
    let abs;
    try {
      abs = resolve(path.join(dir, i.file), i.specifier);
    } catch {
      abs = undefined;
    }
    if (abs && files.has(path.relative(dir, abs).split(path.sep).join('/'))) hits++;
  }
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(18)} ${hits}/${project.length} project imports to analysed files (${((100 * (project.length - hits)) / project.length).toFixed(1)}% not), ${ms.toFixed(1)} ms`);
}

const alias = Object.fromEntries(ws.packages.filter((p) => p.name).map((p) => [p.name, path.join(dir, p.dir)]));
const conditionNames = ['source', 'types', 'import', 'require', 'node', 'module', 'default'];
const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const extensionAlias = { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] };

// ssot-lint's own, fresh (its memo empty), reading the workspace and tsconfigs as a run does.
{
  const t0 = performance.now();
  const w = loadWorkspace(dir, path.join(dir, 'tsconfig.json'));
  const rootTs = path.join(dir, 'tsconfig.json');
  const aliases = fs.existsSync(rootTs) ? loadPathAliases(rootTs, dir, workspacePackageFile(dir, w.packages)) : { paths: [] };
  const resolver = new TsModuleResolver(files, aliases, w);
  console.log(`ssot-lint: workspace and tsconfigs read in ${(performance.now() - t0).toFixed(1)} ms`);
  measure('ssot-lint', (abs, spec) => {
    const hit = resolver.resolve(path.relative(dir, abs).split(path.sep).join('/'), spec);
    return hit && path.join(dir, hit);
  });
}

try {
  const { ResolverFactory, CachedInputFileSystem } = require('enhanced-resolve');
  const resolver = ResolverFactory.createResolver({ fileSystem: new CachedInputFileSystem(fs, 4000), useSyncFileSystemCalls: true, extensions, extensionAlias, conditionNames, alias, mainFields: ['source', 'module', 'main', 'types'] });
  measure('enhanced-resolve', (abs, spec) => resolver.resolveSync({}, path.dirname(abs), spec) || undefined);
} catch (e) {
  console.log(`enhanced-resolve: not available (${e.message})`);
}
try {
  const { ResolverFactory } = require('unrs-resolver');
  const options = { extensions, extensionAlias, conditionNames, alias: Object.fromEntries(Object.entries(alias).map(([k, v]) => [k, [v]])), mainFields: ['source', 'module', 'main', 'types'] };
  // With tsconfig discovery (for `paths`): a tsconfig whose `extends` names a workspace package
  // (not installed) fails every resolution from its files.
  const withTsconfig = new ResolverFactory({ ...options, tsconfig: 'auto' });
  measure('oxc, tsconfig', (abs, spec) => withTsconfig.resolveFileSync(abs, spec).path);
  const plain = new ResolverFactory(options);
  measure('oxc, no tsconfig', (abs, spec) => plain.sync(path.dirname(abs), spec).path);
} catch (e) {
  console.log(`oxc (unrs-resolver): not available (${e.message})`);
}

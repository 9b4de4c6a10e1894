#!/usr/bin/env node
/**
 * A generated workspace monorepo for measuring module resolution (issue 16): `packages` packages
 * (50 libraries and 10 apps by default) with no node_modules, in the shapes real monorepos use —
 * npm `workspaces` (or `--pnpm`: pnpm-workspace.yaml), package.json `exports` maps with conditions
 * and `./*` subpaths pointing at dist/ output that is not in the tree, a plain `exports` string,
 * `main`/`types` into lib/, a `source` field, per-package tsconfig `paths` (the same `#/*` alias in
 * every package, each meaning its own src/) with `extends` to a shared config package, project
 * references, `.js` specifiers to `.ts` sources, `import … from './'`, and some external packages.
 *
 *   node bench/monorepo.js [--packages 60] [--pnpm] [--out bench/out/monorepo-60]
 *   cd bench/out/monorepo-60 && node ../../../bin/ssot-lint.js --format json --no-cache . | node -e \
 *     'process.stdin.on("data",d=>b+=d);var b="";process.stdin.on("end",()=>console.log(JSON.parse(b).summary.unresolvedImports))'
 *
 * Deterministic; writes only under --out (bench/out is not committed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const total = Number(opt('--packages', '60'));
const pnpm = args.includes('--pnpm');
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(opt('--out', path.join(here, 'out', `monorepo-${total}${pnpm ? '-pnpm' : ''}`)));

const apps = Math.max(1, Math.round(total / 6));
const libs = total - apps;
fs.rmSync(out, { recursive: true, force: true });
const write = (rel, text) => {
  const p = path.join(out, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`);
};

const SHAPES = ['exports-map', 'exports-string', 'main-lib', 'source', 'exports-src'];
const name = (i) => `@gen/lib-${i}`;
const Cap = (i) => `Lib${i}`;

write('package.json', { name: 'gen-monorepo', private: true, ...(pnpm ? {} : { workspaces: ['packages/*', 'apps/*'] }) });
if (pnpm) write('pnpm-workspace.yaml', "packages:\n  - 'packages/*'\n  - 'apps/*'\n  - '!packages/config'\n");
write('packages/config/package.json', { name: '@gen/tsconfig', private: true });
write('packages/config/base.json', { compilerOptions: { strict: true, module: 'nodenext', composite: true } });
const refs = [];

for (let i = 0; i < libs; i++) {
  const dir = `packages/lib-${i}`;
  const shape = SHAPES[i % SHAPES.length];
  const pkg = { name: name(i), version: '1.0.0', type: 'module' };
  if (shape === 'exports-map') pkg.exports = { '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' }, './*': { types: './dist/*.d.ts', default: './dist/*.js' } };
  if (shape === 'exports-string') pkg.exports = './dist/index.js';
  if (shape === 'main-lib') Object.assign(pkg, { main: './lib/index.js', types: './lib/index.d.ts' });
  if (shape === 'source') Object.assign(pkg, { source: './src/index.ts', main: './dist/index.js' });
  if (shape === 'exports-src') pkg.exports = { '.': './src/index.ts', './service': './src/service.ts' };
  const deps = [];
  for (let k = 1; k <= 3 && i - k * 3 >= 0; k++) deps.push(i - k * 3);
  pkg.dependencies = Object.fromEntries(deps.map((d) => [name(d), pnpm ? 'workspace:*' : '*']));
  write(`${dir}/package.json`, pkg);
  write(`${dir}/tsconfig.json`, { extends: '@gen/tsconfig/base.json', compilerOptions: { outDir: shape === 'main-lib' ? 'lib' : 'dist', rootDir: 'src', baseUrl: '.', paths: { '#/*': ['src/*'] } } });
  refs.push({ path: dir });
  write(`${dir}/src/model.ts`, `export interface ${Cap(i)}Model {\n  id: string;\n}\n\nexport const ${Cap(i)}Kinds = Object.freeze(['a', 'b'] as const);\n`);
  write(`${dir}/src/internal/ids.ts`, `let n = 0;\nexport const nextId${i} = (): string => \`${i}-\${++n}\`;\n`);
  const depImports = deps.map((d) => {
    const depShape = SHAPES[d % SHAPES.length];
    // Subpaths as Node would find them: through `exports` where there is one; else the built file.
    const sub = { 'exports-map': '/service', 'exports-src': '/service', 'main-lib': '/lib/service.js', source: '/dist/service.js' }[depShape];
    return `import { ${Cap(d)}Service } from '${name(d)}${sub ?? ''}';`;
  });
  write(
    `${dir}/src/service.ts`,
    [
      `import type { ${Cap(i)}Model } from './model.js';`,
      `import { nextId${i} } from '#/internal/ids';`,
      ...depImports,
      i % 7 === 0 ? "import { z } from 'zod';" : '',
      '',
      `export class ${Cap(i)}Service {`,
      `  readonly deps = [${deps.map((d) => `${Cap(d)}Service`).join(', ')}];`,
      `  make(): ${Cap(i)}Model {`,
      `    return { id: nextId${i}() };`,
      '  }',
      '}',
      '',
      `const services = new Map<string, ${Cap(i)}Service>();`,
      `export function get${Cap(i)}Service(key: string): ${Cap(i)}Service {`,
      '  let s = services.get(key);',
      '  if (!s) {',
      `    s = new ${Cap(i)}Service();`,
      '    services.set(key, s);',
      '  }',
      '  return s;',
      '}',
      i % 7 === 0 ? 'export const schema = z;' : '',
      '',
    ].join('\n'),
  );
  write(`${dir}/src/util.ts`, `import { ${Cap(i)}Kinds } from './';\n\nexport const first${i} = (): string => ${Cap(i)}Kinds[0];\n`);
  write(`${dir}/src/index.ts`, `export * from './model.js';\nexport { ${Cap(i)}Service, get${Cap(i)}Service } from './service.js';\nexport { first${i} } from './util.js';\n`);
}

for (let a = 0; a < apps; a++) {
  const dir = `apps/app-${a}`;
  const used = Array.from({ length: 6 }, (_, k) => (a * 7 + k * 5) % libs);
  write(`${dir}/package.json`, { name: `@gen/app-${a}`, private: true, dependencies: Object.fromEntries(used.map((d) => [name(d), '*'])) });
  write(`${dir}/tsconfig.json`, { extends: '@gen/tsconfig/base.json', compilerOptions: { baseUrl: '.', paths: { '#/*': ['src/*'] } } });
  refs.push({ path: dir });
  write(`${dir}/src/config.ts`, `export const config${a} = { name: 'app-${a}' };\n`);
  for (let p = 0; p < 10; p++) {
    const d = used[p % used.length];
    write(
      `${dir}/src/pages/page-${p}.ts`,
      [
        `import { get${Cap(d)}Service, first${d} } from '${name(d)}';`,
        `import { config${a} } from '#/config';`,
        p > 0 ? `import { render${p - 1} } from './page-${p - 1}.js';` : '',
        p % 4 === 0 ? "import React from 'react';" : '',
        '',
        `export function render${p}(): string {`,
        `  return [config${a}.name, first${d}(), get${Cap(d)}Service('${a}').make().id${p > 0 ? `, render${p - 1}()` : ''}${p % 4 === 0 ? ', String(React)' : ''}].join(' ');`,
        '}',
        '',
      ].join('\n'),
    );
  }
  write(`${dir}/src/main.ts`, `import { render9 } from './pages/page-9.js';\n\nexport const main = (): string => render9();\n`);
}
write('tsconfig.json', { files: [], references: refs });
console.log(`${out}: ${libs} libraries, ${apps} apps (${pnpm ? 'pnpm' : 'npm'} workspaces)`);

/** The linker: module resolution and name resolution through every hop, with the proving chain. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/run.js';
import { ProjectIndex } from '../src/model/project-index.js';
import { semanticsOf } from '../src/frontends/index.js';
import { TsModuleResolver } from '../src/frontends/typescript/resolve.js';
import { tempDir } from './helpers/temp.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('ssot-resolve-');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const index = (dir: string) => analyze({ targets: ['.'], cwd: dir }).index!;

describe('module resolution', () => {
  const dir = project({
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@core/*': ['src/core/*'], '@lib': ['src/lib/main.ts'] } } }),
    'tsconfig.json': '{ // comments and trailing commas are fine\n "extends": "./tsconfig.base.json", }',
    'src/core/a.ts': 'export class A {}\n',
    'src/core/index.ts': "export * from './a';\n",
    'src/lib/main.ts': 'export const lib = 1;\n',
    'src/util.mts': 'export const u = 1;\n',
    'src/legacy.cjs': 'module.exports = {};\n',
    'src/views/page.tsx': 'export const Page = () => null;\n',
    'src/use.ts': [
      "import { A } from './core/a.js';",
      "import { A as A2 } from './core';",
      "import { A as A3 } from '@core/a';",
      "import { lib } from '@lib';",
      "import { u } from './util.mjs';",
      "import legacy from './legacy.cjs';",
      "import { Page } from './views/page.js';",
      "import express from 'express';",
      "import type { T } from './core/a';",
      "export const all = [A, A2, A3, lib, u, legacy, Page, express];",
    ].join('\n'),
  });
  const idx = index(dir);
  const imports = idx.file('src/use.ts')!.imports;
  const targets = imports.map((i) => idx.resolveModule('src/use.ts', i));

  it('maps .js to .ts, finds index files, follows tsconfig paths through extends, leaves packages external', () => {
    expect(targets).toEqual([
      'src/core/a.ts',
      'src/core/index.ts',
      'src/core/a.ts',
      'src/lib/main.ts',
      'src/util.mts',
      'src/legacy.cjs',
      'src/views/page.tsx',
      undefined,
      'src/core/a.ts',
    ]);
  });

  it('records edges as value or type-only', () => {
    const edges = idx.importEdges().filter((e) => e.from === 'src/use.ts');
    expect(edges.filter((e) => e.kind === 'type').map((e) => e.to)).toEqual(['src/core/a.ts']);
    // One value edge per value import that resolves in the project (not the package, not the `import type`).
    const valueImports = targets.filter((t, i) => t !== undefined && !imports[i]!.typeOnly);
    expect(edges.filter((e) => e.kind === 'value').map((e) => e.to).sort()).toEqual(valueImports.sort());
    const star = idx.importEdges().find((e) => e.from === 'src/core/index.ts')!;
    expect(star).toMatchObject({ to: 'src/core/a.ts', kind: 'value' });
  });
});

describe('name resolution', () => {
  const dir = project({
    'src/impl.ts': 'export class Unified {}\nexport default function make() { return new Unified(); }\n',
    'src/barrel.ts': "export * from './impl';\nexport { Unified as Renamed } from './impl';\nexport { default as make } from './impl';\n",
    'src/alias.ts': "import * as b from './barrel';\nexport const Manager = b.Renamed;\n",
    'src/ns.ts': "export * as inner from './impl';\n",
    'src/cjs-lib.cjs': 'class Store {}\nmodule.exports = Store;\n',
    'src/use.ts': [
      "import { Manager } from './alias';",
      "import { make } from './barrel';",
      "import { inner } from './ns';",
      "import Store = require('./cjs-lib.cjs');",
      'export const x = [Manager, make, inner, Store];',
    ].join('\n'),
  });
  const idx = index(dir);

  it('follows import → alias → namespace → renamed re-export → declaration, keeping every hop', () => {
    const r = idx.resolveName('src/use.ts', 'Manager')!;
    expect(r.symbol).toMatchObject({ file: 'src/impl.ts', name: 'Unified', kind: 'class' });
    expect(r.chain.map((h) => `${h.kind} ${h.file}:${h.line} ${h.text}`)).toEqual([
      "import src/use.ts:1 import { Manager } from './alias'",
      'alias src/alias.ts:2 Manager = b.Renamed',
      "import src/alias.ts:1 import * as b from './barrel'",
      "reexport src/barrel.ts:2 export { Unified as Renamed } from './impl'",
    ]);
  });

  it('resolves default exports, namespace re-exports and CommonJS module.exports = X', () => {
    expect(idx.resolveName('src/use.ts', 'make')!.symbol).toMatchObject({ file: 'src/impl.ts', name: 'make', kind: 'function' });
    expect(idx.resolveName('src/use.ts', 'inner')!.symbol).toMatchObject({ file: 'src/impl.ts', kind: 'module' });
    expect(idx.resolveName('src/use.ts', 'Store')!.symbol).toMatchObject({ file: 'src/cjs-lib.cjs', name: 'Store', kind: 'class' });
  });

  it('export * cycles and unknown names resolve to nothing instead of looping', () => {
    const cyc = project({ 'a.ts': "export * from './b';\n", 'b.ts': "export * from './a';\n", 'c.ts': "import { nope } from './a';\nexport const c = nope;\n" });
    expect(index(cyc).resolveName('c.ts', 'nope')).toBeUndefined();
  });
});

describe('remembered resolutions', () => {
  // a.ts re-exports b and c; b imports X back from a. Resolving a's X first meets b's import while
  // a's X is still being computed: that answer (unresolved) must not be remembered for b's name.
  const dir = project({
    'src/a.ts': "export * from './b';\nexport * from './c';\n",
    'src/b.ts': "import { X as M } from './a';\nexport { M as X };\n",
    'src/c.ts': 'export class X {}\n',
  });

  // A new index over the facts, so that these questions are the first it answers (analyze() ran the rules).
  const fresh = (): ProjectIndex => {
    const facts = [...index(dir).files];
    const resolver = new TsModuleResolver(new Set(facts.map((f) => f.path)), { paths: [] });
    return new ProjectIndex(facts, { root: dir, isTestFile: () => false, languages: semanticsOf(), resolvers: { typescript: resolver } });
  };

  it('an answer that met an import cycle is computed again when asked directly', () => {
    const idx = fresh();
    expect(idx.resolveExport('src/a.ts', 'X')?.symbol.id).toBe('src/c.ts#X');
    expect(idx.resolveName('src/b.ts', 'M')?.symbol.id).toBe('src/c.ts#X');
    expect(idx.resolveName('src/b.ts', 'M')?.chain.map((h) => h.kind)).toEqual(['import', 'export-star']);
  });

  it('gives the same answer whichever question comes first', () => {
    const idx = fresh();
    const first = idx.resolveName('src/b.ts', 'M');
    expect(first?.symbol.id).toBe('src/c.ts#X');
    expect(idx.resolveExport('src/a.ts', 'X')?.symbol.id).toBe('src/c.ts#X');
    expect(idx.resolveName('src/b.ts', 'M')).toEqual(first);
  });
});

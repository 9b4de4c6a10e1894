/** Workspace monorepos (npm and pnpm) resolved without node_modules, one program per package. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pnpmPackages } from '../src/config/workspaces.js';
import { analyze } from '../src/engine/run.js';
import { exportTargets } from '../src/frontends/typescript/resolve.js';
import { tempDir } from './helpers/temp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const ROOT_DIR = path.resolve(import.meta.dirname, '..');

describe('exports maps', () => {
  const exportsMap = {
    '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' },
    './features/*': { browser: './browser/*.js', node: './dist/features/*.js' },
    './features/internal/*': null,
    './utils/*.js': './dist/utils/*.js',
    './legacy/': './lib/legacy/',
    './package.json': './package.json',
  };
  it('gives the targets of conditions in the map’s order, skips unknown conditions, matches patterns and folders', () => {
    expect(exportTargets(exportsMap, '.')).toEqual(['./dist/index.d.ts', './dist/index.mjs', './dist/index.cjs']);
    expect(exportTargets(exportsMap, './features/chat')).toEqual(['./dist/features/chat.js']);
    expect(exportTargets(exportsMap, './features/internal/x')).toEqual([]);
    expect(exportTargets(exportsMap, './utils/a/b.js')).toEqual(['./dist/utils/a/b.js']);
    expect(exportTargets(exportsMap, './legacy/old.js')).toEqual(['./lib/legacy/old.js']);
    expect(exportTargets(exportsMap, './nope')).toEqual([]);
    expect(exportTargets('./dist/index.js', '.')).toEqual(['./dist/index.js']);
    expect(exportTargets('./dist/index.js', './x')).toEqual([]);
    expect(exportTargets({ import: './a.js', default: './b.js' }, '.')).toEqual(['./a.js', './b.js']);
    expect(exportTargets([{ import: './a.js' }, './b.js'], '.')).toEqual(['./a.js', './b.js']);
  });
});

describe('pnpm-workspace.yaml', () => {
  it('reads the packages list, block or flow, with quotes, comments and negations, and nothing else', () => {
    expect(pnpmPackages("# x\npackages:\n  - 'libs/*'\n  # skip\n  - \"apps/**\" # trailing\n  - !libs/tmp\n  - tools\ncatalog:\n  - not-this\n")).toEqual(['libs/*', 'apps/**', '!libs/tmp', 'tools']);
    expect(pnpmPackages("packages: ['a/*', \"b\"]\n")).toEqual(['a/*', 'b']);
    expect(pnpmPackages('onlyBuiltDependencies:\n  - esbuild\n')).toEqual([]);
  });
});

function importsOf(dir: string): Record<string, string | null> {
  const index = analyze({ targets: ['.'], cwd: dir }).index!;
  const out: Record<string, string | null> = {};
  for (const f of index.files) for (const i of f.imports) out[`${f.path} ${i.specifier}`] = index.resolveModule(f.path, i) ?? null;
  return out;
}

describe('resolution in a workspace without node_modules', () => {
  it('npm workspaces: exports maps to src through outDir/rootDir, per-package paths (same alias, two packages), extends to a workspace package, a facade, "./"', () => {
    const dir = path.join(FIXTURES, 'monorepo-npm');
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
    const r = importsOf(dir);
    expect(r).toMatchObject({
      'apps/web/src/chat.ts @acme/framework': 'packages/framework/src/index.ts',
      'apps/web/src/chat.ts @/config': 'apps/web/src/config.ts',
      'apps/admin/src/panel.ts @/config': 'apps/admin/src/config.ts',
      'apps/admin/src/config.ts @/settings': 'apps/admin/src/settings.ts',
      'apps/web/src/legacy.ts @acme/core/hub': 'packages/core/src/hub.ts',
      'apps/web/src/page.ts ./': 'apps/web/src/index.ts',
      'packages/core/src/hub.ts #internal/ids': 'packages/core/src/internal/ids.ts',
      'packages/core/src/hub.ts @acme/utils': 'packages/utils/src/index.ts',
      'packages/framework/src/index.ts @acme/core': 'packages/core/src/index.ts',
    });
    expect(Object.entries(r).filter(([, v]) => v === null)).toEqual([]);
  });

  it('pnpm: the workspace yaml, `source` and `main` fields, subpath patterns, baseUrl paths', () => {
    const r = importsOf(path.join(FIXTURES, 'monorepo-pnpm'));
    expect(r).toMatchObject({
      'libs/db/src/audit.ts @shop/events/features/tracking': 'libs/events/src/features/tracking.ts',
      'libs/events/src/index.ts ~/features/tracking': 'libs/events/src/features/tracking.ts',
      'services/orders/src/orders.ts @shop/db': 'libs/db/src/index.ts',
      'services/orders/src/orders.ts @shop/events': 'libs/events/src/index.ts',
      'services/orders/src/orders.ts #/cart': 'services/orders/src/cart.ts',
      'services/orders/src/reports.ts @shop/db/src/pool.js': 'libs/db/src/pool.ts',
    });
    expect(Object.entries(r).filter(([, v]) => v === null)).toEqual([]);
  });

  it('a package outside the workspace globs (negated) is not a workspace package', () => {
    const dir = tempDir('ssot-ws-');
    fs.cpSync(path.join(FIXTURES, 'monorepo-pnpm'), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'libs/scratch/src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'libs/scratch/src/index.ts'), 'export const s = 1;\n');
    fs.writeFileSync(path.join(dir, 'services/orders/src/s.ts'), "import { s } from '@shop/scratch';\nexport const t = s;\n");
    const r = analyze({ targets: ['.'], cwd: dir });
    expect(r.index!.resolveModule('services/orders/src/s.ts', '@shop/scratch')).toBeUndefined();
    expect(r.unresolvedImports).toMatchObject({ missing: 0, external: 1 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a package whose tsconfig extends a file generated on install (absent on a fresh clone) does not stop the run', () => {
    const dir = tempDir('ssot-ws-');
    fs.cpSync(path.join(FIXTURES, 'monorepo-pnpm'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'services/orders/tsconfig.json'), '{ "extends": "./.svelte-kit/tsconfig.json" }\n');
    const r = analyze({ targets: ['.'], cwd: dir });
    expect(r.index!.resolveModule('services/orders/src/orders.ts', '@shop/db')).toBe('libs/db/src/index.ts');
    // Its own `#/*` alias is gone with its tsconfig: that import no longer resolves.
    expect(r.index!.resolveModule('services/orders/src/orders.ts', '#/cart')).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one program per workspace package: two packages’ Config never mix', () => {
    const index = analyze({ targets: ['.'], cwd: path.join(FIXTURES, 'monorepo-npm') }).index!;
    expect(index.programOf('apps/web/src/config.ts')).toBe('js:apps/web');
    expect(index.programOf('apps/admin/src/config.ts')).toBe('js:apps/admin');
    expect(index.programOf('packages/core/src/internal/ids.ts')).toBe('js:packages/core');
  });
});

describe('findings from the root and from each package', () => {
  const key = (f: { ruleId: string; file: string; line: number }): string => `${f.ruleId} ${f.file}:${f.line}`;
  const cases: [string, string[], string[]][] = [
    [
      'monorepo-npm',
      ['apps/web', 'apps/admin', 'packages/core', 'packages/utils', 'packages/framework'],
      // Cross-package: only a run that sees both packages can find them.
      ['direct-instantiation apps/web/src/chat.ts:5', 'divergent-import-path apps/web/src/legacy.ts:1', 'import-cycle packages/core/src/hub.ts:1'],
    ],
    [
      'monorepo-pnpm',
      ['libs/db', 'libs/events', 'services/orders'],
      ['direct-instantiation services/orders/src/stats.ts:4', 'divergent-import-path services/orders/src/reports.ts:1', 'import-cycle libs/db/src/audit.ts:1'],
    ],
  ];
  it('the findings are the same whichever directory the run starts from: the workspace root is the root', () => {
    const dir = path.join(FIXTURES, 'monorepo-npm');
    const fromRoot = analyze({ targets: ['.'], cwd: dir }).findings.map(key).sort();
    const fromAbove = analyze({ targets: [path.relative(ROOT_DIR, dir)], cwd: ROOT_DIR }).findings.map(key).sort();
    expect(fromAbove).toEqual(fromRoot);
    // A package that declares the package it imports from follows its own dependencies.
    expect(fromRoot.some((k) => k.includes('apps/admin/src/monitor.ts'))).toBe(false);
  });

  for (const [name, packages, crossPackage] of cases) {
    it(`${name}: the root's findings are the packages' own plus the cross-package ones`, () => {
      const dir = path.join(FIXTURES, name);
      const root = analyze({ targets: ['.'], cwd: dir }).findings.map(key).sort();
      // Run from inside a package, the root is still the workspace's: paths are workspace-relative.
      const perPackage = packages.flatMap((p) => analyze({ targets: ['.'], cwd: path.join(dir, p) }).findings.map(key));
      expect(perPackage.length).toBeGreaterThan(0);
      expect(root).toEqual([...perPackage, ...crossPackage].sort());
    });
  }
});

/**
 * The workspace packages of a monorepo, read from the files a fresh clone has (no node_modules):
 * npm/yarn `workspaces` in the root package.json (an array, or `{ packages }`), pnpm's
 * `pnpm-workspace.yaml` (its `packages:` list, read by hand), each package's package.json (`name`,
 * `exports`, `main`/`module`/`types`/`source`) and tsconfig.json (`baseUrl`/`paths` with `extends`,
 * also to a workspace package, `outDir`/`rootDir`), and the root tsconfig's project `references`.
 * The module resolver (src/frontends/typescript/resolve.ts) maps specifiers with it onto discovered files.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { loadPathAliases, loadReferences, type PackageFile } from './tsconfig.js';
import type { PackageManifest, PathAliases, TsProject, Workspace, WorkspacePackage } from '../model/workspace.js';

const EMPTY: Workspace = { packages: [], projects: [] };

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `packages:` of a pnpm-workspace.yaml: a block list (`  - 'packages/*'`) or a flow list
 * (`packages: [a, "b/*"]`). Other keys (`catalog:`, `onlyBuiltDependencies:`) are ignored.
 */
export function pnpmPackages(text: string): string[] {
  const out: string[] = [];
  const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^packages\s*:\s*(.*)$/.exec(lines[i]!.replace(/\s+#.*$/, ''));
    if (!m) continue;
    const rest = m[1]!.trim();
    if (rest.startsWith('[')) {
      for (const item of rest.replace(/^\[|\]$/g, '').split(',')) if (unquote(item)) out.push(unquote(item));
      continue;
    }
    for (i++; i < lines.length; i++) {
      const line = lines[i]!.replace(/\s+#.*$/, '');
      if (/^\s*(#.*)?$/.test(line)) continue;
      const item = /^\s*-\s*(.*)$/.exec(line);
      if (!item) {
        i--;
        break;
      }
      if (unquote(item[1]!)) out.push(unquote(item[1]!));
    }
  }
  return out;
}

/** The workspace globs the root declares (npm/yarn and pnpm together). */
/**
 * The nearest directory at or above `dir` that is a workspace root (a package.json with
 * `workspaces`, or a pnpm-workspace.yaml): a run inside a monorepo links it as a whole, whichever
 * directory it is started from.
 */
export function workspaceRootAbove(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (workspaceGlobs(d, readJson(path.join(d, 'package.json'))).length > 0) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function workspaceGlobs(root: string, rootJson: Record<string, unknown> | undefined): string[] {
  const globs: string[] = [];
  const ws = rootJson?.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  if (Array.isArray(list)) for (const g of list) if (typeof g === 'string' && g) globs.push(g);
  try {
    globs.push(...pnpmPackages(fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8')));
  } catch {
    // no pnpm workspace
  }
  return globs;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function manifestOf(json: Record<string, unknown>): PackageManifest {
  const m: PackageManifest = {};
  if (json.exports !== undefined && json.exports !== null) m.exports = json.exports;
  for (const k of ['main', 'module', 'types', 'typings', 'source'] as const) {
    const v = str(json[k]);
    if (v) m[k] = v;
  }
  const deps = new Set<string>();
  for (const k of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const d = json[k];
    if (d && typeof d === 'object' && !Array.isArray(d)) for (const name of Object.keys(d)) deps.add(name);
  }
  if (deps.size > 0) m.dependsOn = [...deps].sort();
  return m;
}

const deepestFirst = <T extends { dir: string }>(a: T, b: T): number => b.dir.length - a.dir.length || (a.dir < b.dir ? -1 : 1);

/**
 * The workspace under `root`. `rootTsconfig` is the tsconfig the run uses for the root (its
 * `references` add projects). Without workspaces, references or a named root package: empty.
 */
export function loadWorkspace(root: string, rootTsconfig?: string): Workspace {
  const rootJson = readJson(path.join(root, 'package.json'));
  const globs = workspaceGlobs(root, rootJson);
  const packages: WorkspacePackage[] = [];
  if (rootJson && str(rootJson.name)) packages.push({ name: str(rootJson.name), dir: '', manifest: manifestOf(rootJson) });
  if (globs.length > 0) {
    const positive = globs.filter((g) => !g.startsWith('!')).map((g) => `${g.replace(/^\.\//, '').replace(/\/+$/, '')}/package.json`);
    const ignore = ['**/node_modules/**', ...globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1).replace(/^\.\//, '').replace(/\/+$/, '')).flatMap((g) => [g, `${g}/**`])];
    const found = fg.sync(positive, { cwd: root, ignore, onlyFiles: true, dot: false, followSymbolicLinks: false }).sort();
    for (const rel of found) {
      const dir = path.posix.dirname(rel);
      if (dir === '.' || dir === '') continue;
      const json = readJson(path.join(root, rel));
      if (!json) continue;
      packages.push({ ...(str(json.name) ? { name: str(json.name) } : {}), dir, manifest: manifestOf(json) });
    }
  }
  if (packages.length === 0 && !rootTsconfig) return EMPTY;

  const packageFile = workspacePackageFile(root, packages);
  const projects: TsProject[] = [];
  const seen = new Set<string>();
  const rootTs = rootTsconfig ? path.resolve(rootTsconfig) : undefined;
  if (rootTs) seen.add(rootTs);
  const addProject = (tsconfig: string): void => {
    if (seen.has(tsconfig)) return;
    seen.add(tsconfig);
    const dir = path.relative(root, path.dirname(tsconfig)).split(path.sep).join('/');
    if (dir.startsWith('..') || path.isAbsolute(dir)) return;
    // A package's tsconfig that cannot be read as the run's own would be (an `extends` of a file a
    // framework generates on install, `./.svelte-kit/tsconfig.json`; a syntax error) must not stop
    // the run: that package's files use the root's aliases, as before workspaces were read.
    let aliases: PathAliases;
    try {
      aliases = loadPathAliases(tsconfig, root, packageFile);
    } catch {
      return;
    }
    projects.push({ dir, aliases });
    let refs: string[] = [];
    try {
      refs = loadReferences(tsconfig);
    } catch {
      // read above, so only a race: no references
    }
    for (const ref of refs) addProject(ref);
  };
  for (const p of packages) {
    const ts = path.join(root, p.dir, 'tsconfig.json');
    if (p.dir !== '' && isFile(ts)) addProject(ts);
  }
  if (rootTs && isFile(rootTs)) for (const ref of loadReferences(rootTs)) addProject(ref);
  return { packages: packages.sort(deepestFirst), projects: projects.sort(deepestFirst) };
}

/**
 * tsconfig `extends` of a workspace package (`@org/tsconfig/base.json`, `@org/tsconfig`): its file,
 * found by the package's name, without node_modules.
 */
export function workspacePackageFile(root: string, packages: readonly WorkspacePackage[]): PackageFile {
  const byName = new Map(packages.filter((p) => p.name).map((p) => [p.name!, p]));
  return (spec) => {
    const parts = spec.split('/');
    const n = spec.startsWith('@') ? 2 : 1;
    const pkg = byName.get(parts.slice(0, n).join('/'));
    if (!pkg) return undefined;
    const rest = parts.slice(n).join('/');
    const base = path.join(root, pkg.dir);
    const candidates = rest ? [path.join(base, rest), path.join(base, `${rest}.json`), path.join(base, rest, 'tsconfig.json')] : [path.join(base, 'tsconfig.json')];
    return candidates.find(isFile);
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** What of the workspace decides resolution: part of the result cache's key. */
export function workspaceKey(ws: Workspace): unknown {
  return ws.packages.length === 0 && ws.projects.length === 0 ? undefined : ws;
}

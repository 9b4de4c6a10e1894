/**
 * Module specifier → project file, the way TypeScript's bundler/node16 resolution would find it,
 * restricted to files the run discovered (anything else is external and rules stay silent on it).
 */
import path from 'node:path';
import type { PathAliases, TsProject, Workspace, WorkspacePackage } from '../../model/workspace.js';

export type { PathAliases };

/** Conditions of an `exports` map tried, in the map's own order; others (`browser`, `worker`, …) are not. */
const CONDITIONS = new Set(['source', 'types', 'typings', 'import', 'require', 'node', 'module', 'module-sync', 'default', 'development', 'production', 'deno', 'bun']);
/** Directories build output goes to, when a package's tsconfig does not say (`dist/index.js` ↔ `src/index.ts`). */
const OUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'mjs', 'types', 'typings', 'dts', 'declarations']);

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** Specifiers of files ssot-lint never analyses (styles, data, assets): never a missing module. */
const ASSET = /\.(css|scss|sass|less|styl|json|json5|svg|png|jpe?g|gif|webp|avif|ico|bmp|html?|vue|svelte|astro|md|mdx|txt|wasm|graphql|gql|ya?ml|toml|woff2?|ttf|otf|eot|mp3|mp4|webm|wav|ogg|pdf|node)$/i;

export class TsModuleResolver {
  private readonly cache = new Map<string, string | null>();
  private dirs: Set<string> | undefined;
  private readonly byName = new Map<string, WorkspacePackage>();
  private readonly packages: readonly WorkspacePackage[];
  private readonly projects: readonly TsProject[];
  /** By directory: the deepest package / tsconfig project containing it (null: none). */
  private readonly packageOfDir = new Map<string, WorkspacePackage | null>();
  private readonly projectOfDir = new Map<string, TsProject | null>();

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly aliases: PathAliases,
    /** Workspace packages (by name, for bare specifiers) and per-project tsconfigs (src/config/workspaces.ts). */
    workspace?: Workspace,
    /** Root-relative directories the run walked whole ('' = the root); undefined: all of them. */
    private readonly walked?: readonly string[],
  ) {
    this.packages = workspace?.packages ?? [];
    this.projects = workspace?.projects ?? [];
    for (const p of this.packages) if (p.name && !this.byName.has(p.name)) this.byName.set(p.name, p);
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    const dir = path.posix.dirname(fromFile);
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    const project = relative || this.projects.length === 0 ? undefined : this.projectOf(dir);
    const key = relative ? `${dir}\0${specifier}` : project ? `${project.dir}/\0${specifier}` : specifier;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = relative ? this.resolvePath(path.posix.join(dir, specifier)) : this.resolveBare(specifier, project?.aliases ?? this.aliases);
    this.cache.set(key, found ?? null);
    return found;
  }

  /**
   * The workspace package a file belongs to (its directory, '' for files of no package or of the
   * root package): two packages' public names never mix (ModuleResolver.programOf).
   */
  programOf(file: string): string {
    if (this.packages.length === 0) return '';
    return this.packageOf(path.posix.dirname(file))?.dir ?? '';
  }

  declaresDependency(fromFile: string, target: string): boolean {
    const from = this.packageOf(path.posix.dirname(fromFile));
    const to = this.packageOf(path.posix.dirname(target));
    return from !== undefined && to?.name !== undefined && from !== to && (from.manifest.dependsOn?.includes(to.name) ?? false);
  }

  private packageOf(dir: string): WorkspacePackage | undefined {
    return deepest(this.packageOfDir, this.packages, dir);
  }

  private projectOf(dir: string): TsProject | undefined {
    return deepest(this.projectOfDir, this.projects, dir);
  }

  isProjectSpecifier(fromFile: string, specifier: string): boolean {
    if (specifier.includes('?') || specifier.includes('!') || ASSET.test(specifier)) return false;
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    if (relative) return this.analysedDir(path.posix.dirname(path.posix.join(path.posix.dirname(fromFile), specifier)));
    const aliases = (this.projects.length > 0 ? this.projectOf(path.posix.dirname(fromFile))?.aliases : undefined) ?? this.aliases;
    for (const { pattern, targets } of aliases.paths) {
      const star = pattern.indexOf('*');
      const matches = star < 0 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
      // `"*": ["./src/*"]` catches every bare specifier: external packages too.
      if (matches && pattern !== '*') {
        return targets.some((t) => this.analysedDir(path.posix.dirname(star < 0 ? t : t.replace('*', specifier.slice(star, specifier.length - (pattern.length - star - 1))))));
      }
    }
    const pkg = this.packageNamed(specifier);
    // A workspace package the run walked (a package outside the targets may well have the module).
    return pkg !== undefined && (!this.walked || this.walked.some((w) => w === '' || pkg[0].dir === w || pkg[0].dir.startsWith(`${w}/`)));
  }

  /** The workspace package a bare specifier names, and the subpath (`'.'`, `'./manager'`). */
  private packageNamed(specifier: string): [WorkspacePackage, string] | undefined {
    if (this.byName.size === 0) return undefined;
    const slash = specifier.indexOf('/', specifier.startsWith('@') ? specifier.indexOf('/') + 1 : 0);
    const name = slash < 0 ? specifier : specifier.slice(0, slash);
    const pkg = this.byName.get(name);
    return pkg ? [pkg, slash < 0 ? '.' : `.${specifier.slice(slash)}`] : undefined;
  }

  /** A directory inside the root with files this run analyses (not one it skipped or never saw). */
  private analysedDir(dir: string): boolean {
    const d = path.posix.normalize(dir);
    if (d === '..' || d.startsWith('../') || path.posix.isAbsolute(d)) return false;
    if (this.walked && !this.walked.some((w) => w === '' || d === w || d.startsWith(`${w}/`))) return false;
    if (!this.dirs) {
      this.dirs = new Set();
      for (const f of this.files) this.dirs.add(path.posix.dirname(f));
    }
    return this.dirs.has(d);
  }

  private resolveBare(specifier: string, aliases: PathAliases): string | undefined {
    for (const { pattern, targets } of aliases.paths) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star < 0) {
        if (pattern === specifier) captured = '';
      } else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
          captured = specifier.slice(prefix.length, specifier.length - suffix.length);
        }
      }
      if (captured === undefined) continue;
      for (const t of targets) {
        const hit = this.resolvePath(t.replace('*', captured));
        if (hit) return hit;
      }
    }
    if (aliases.baseUrl !== undefined) {
      const hit = this.resolvePath(path.posix.join(aliases.baseUrl, specifier));
      if (hit) return hit;
    }
    // Workspace packages by name, and their subpaths (`@org/core/manager`): what node_modules would
    // link to, found without it.
    const named = this.packageNamed(specifier);
    return named ? this.resolvePackage(named[0], named[1]) : undefined;
  }

  /** `subpath` ('.' or './x') of a workspace package: its `exports`, else its entry fields, else the file. */
  private resolvePackage(pkg: WorkspacePackage, subpath: string): string | undefined {
    const m = pkg.manifest;
    if (m.exports !== undefined) {
      for (const target of exportTargets(m.exports, subpath)) {
        const hit = this.resolveBuilt(pkg, target);
        if (hit) return hit;
      }
    }
    if (subpath === '.') {
      for (const field of [m.source, m.module, m.main, m.types, m.typings]) {
        if (!field) continue;
        const hit = this.resolveBuilt(pkg, field);
        if (hit) return hit;
      }
      return this.resolvePath(pkg.dir || '.') ?? this.resolveBuilt(pkg, './index.js');
    }
    // Also a subpath `exports` does not list: TypeScript would refuse it, but the module is there.
    return this.resolveBuilt(pkg, subpath);
  }

  /**
   * A file a package.json names (`./dist/index.js`, `./dist/index.d.ts`) → a discovered file: the
   * file itself, its TypeScript source beside it, or — build output is not in the tree — the
   * source it is built from (outDir → rootDir from the package's tsconfig, else `dist/x` → `src/x`
   * or `x`).
   */
  private resolveBuilt(pkg: WorkspacePackage, target: string): string | undefined {
    const full = path.posix.join(pkg.dir, target.replace(/\.d\.([mc]?)ts$/, '.$1js'));
    const direct = this.resolvePath(full);
    if (direct) return direct;
    const project = this.projects.length > 0 ? this.projectOf(pkg.dir || '.') : undefined;
    const aliases = project?.aliases ?? this.aliases;
    if (aliases.outDir !== undefined && (full === aliases.outDir || full.startsWith(`${aliases.outDir}/`))) {
      const src = aliases.rootDir ?? (project ? project.dir : '');
      const hit = this.resolvePath(path.posix.join(src || '.', full.slice(aliases.outDir.length)));
      if (hit) return hit;
    }
    const rel = pkg.dir ? full.slice(pkg.dir.length + 1) : full;
    const parts = rel.split('/');
    if (parts.length < 2 || !OUT_DIRS.has(parts[0]!)) return undefined;
    // dist/x, dist/esm/x, dist/src/x
    for (let k = 1; k <= Math.min(2, parts.length - 1); k++) {
      if (k === 2 && !OUT_DIRS.has(parts[1]!) && parts[1] !== 'src') break;
      const rest = parts.slice(k).join('/');
      const hit = this.resolvePath(path.posix.join(pkg.dir, 'src', rest)) ?? this.resolvePath(path.posix.join(pkg.dir, rest));
      if (hit) return hit;
    }
    return undefined;
  }

  /** A root-relative POSIX path without or with extension → a discovered file. */
  resolvePath(p: string): string | undefined {
    // `import … from './'` and `'../pkg/'`: the directory's index.
    const base = path.posix.normalize(p).replace(/(.)\/+$/, '$1');
    if (this.files.has(base)) return base;
    const ext = path.posix.extname(base);
    const mapped = JS_TO_TS[ext];
    if (mapped) {
      const stem = base.slice(0, -ext.length);
      for (const e of mapped) if (this.files.has(stem + e)) return stem + e;
    }
    for (const e of EXTENSIONS) if (this.files.has(base + e)) return base + e;
    for (const e of EXTENSIONS) if (this.files.has(`${base}/index${e}`)) return `${base}/index${e}`;
    return undefined;
  }
}

/** The deepest item whose directory contains `dir`, memoised per directory. */
function deepest<T extends { dir: string }>(memo: Map<string, T | null>, items: readonly T[], dir: string): T | undefined {
  const known = memo.get(dir);
  if (known !== undefined) return known ?? undefined;
  // Items are deepest first: the first that contains the directory.
  const d = dir === '.' ? '' : dir;
  const found = items.find((i) => i.dir === '' || d === i.dir || d.startsWith(`${i.dir}/`));
  memo.set(dir, found ?? null);
  return found;
}

/**
 * The targets `exports` gives for `subpath`, best first: a string, an array of fallbacks, a map of
 * conditions (tried in the map's order, nested), a map of subpaths with `*` patterns (the longest
 * matching prefix wins, as Node chooses). `null` targets exclude a subpath.
 */
export function exportTargets(exports: unknown, subpath: string): string[] {
  const isSubpathMap = (o: object): boolean => Object.keys(o).some((k) => k.startsWith('.'));
  let value: unknown;
  let star: string | undefined;
  if (typeof exports === 'string' || Array.isArray(exports) || (exports && typeof exports === 'object' && !isSubpathMap(exports))) {
    if (subpath !== '.') return [];
    value = exports;
  } else if (exports && typeof exports === 'object') {
    const map = exports as Record<string, unknown>;
    if (Object.hasOwn(map, subpath)) value = map[subpath];
    else {
      let best = '';
      for (const key of Object.keys(map)) {
        const i = key.indexOf('*');
        if (i < 0) continue;
        const prefix = key.slice(0, i);
        const suffix = key.slice(i + 1);
        if (subpath.length < prefix.length + suffix.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
        // Node's order: the longer prefix, then the longer key.
        const b = best.indexOf('*');
        if (!best || i > b || (i === b && key.length > best.length)) best = key;
      }
      if (!best) {
        // Old-style folder mappings (`"./features/": "./src/features/"`).
        for (const key of Object.keys(map)) if (key.endsWith('/') && subpath.startsWith(key) && key.length > best.length) best = key;
        if (!best) return [];
        value = map[best];
        star = subpath.slice(best.length);
        const out: string[] = [];
        collect(value, out);
        return out.map((t) => t + star);
      }
      value = map[best];
      const i = best.indexOf('*');
      star = subpath.slice(i, subpath.length - (best.length - i - 1));
    }
  }
  const out: string[] = [];
  collect(value, out);
  return star === undefined ? out : out.map((t) => t.split('*').join(star));
}

function collect(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value.startsWith('./') || value === '.') out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
  } else if (value && typeof value === 'object') {
    for (const [cond, v] of Object.entries(value)) if (CONDITIONS.has(cond)) collect(v, out);
  }
}

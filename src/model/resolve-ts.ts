/**
 * Module specifier → project file, the way TypeScript's bundler/node16 resolution would find it,
 * restricted to files the run discovered (anything else is external and rules stay silent on it).
 */
import path from 'node:path';

export interface PathAliases {
  /** Root-relative POSIX directory that non-relative specifiers resolve against (`baseUrl`). */
  baseUrl?: string;
  /** `paths` patterns, targets already root-relative POSIX. */
  paths: { pattern: string; targets: string[] }[];
}

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

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly aliases: PathAliases,
    /** Local workspace packages: package name → root-relative entry file candidates (without extension guessing). */
    private readonly packages: ReadonlyMap<string, string> = new Map(),
    /** Root-relative directories the run walked whole ('' = the root); undefined: all of them. */
    private readonly walked?: readonly string[],
  ) {}

  resolve(fromFile: string, specifier: string): string | undefined {
    const dir = path.posix.dirname(fromFile);
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    const key = relative ? `${dir}\0${specifier}` : specifier;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = relative ? this.resolvePath(path.posix.join(dir, specifier)) : this.resolveBare(specifier);
    this.cache.set(key, found ?? null);
    return found;
  }

  isProjectSpecifier(fromFile: string, specifier: string): boolean {
    if (specifier.includes('?') || specifier.includes('!') || ASSET.test(specifier)) return false;
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    if (relative) return this.analysedDir(path.posix.dirname(path.posix.join(path.posix.dirname(fromFile), specifier)));
    for (const { pattern, targets } of this.aliases.paths) {
      const star = pattern.indexOf('*');
      const matches = star < 0 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
      // `"*": ["./src/*"]` catches every bare specifier: external packages too.
      if (matches && pattern !== '*') {
        return targets.some((t) => this.analysedDir(path.posix.dirname(star < 0 ? t : t.replace('*', specifier.slice(star, specifier.length - (pattern.length - star - 1))))));
      }
    }
    for (const name of this.packages.keys()) if (specifier === name || specifier.startsWith(`${name}/`)) return true;
    return false;
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

  private resolveBare(specifier: string): string | undefined {
    for (const { pattern, targets } of this.aliases.paths) {
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
    if (this.aliases.baseUrl !== undefined) {
      const hit = this.resolvePath(path.posix.join(this.aliases.baseUrl, specifier));
      if (hit) return hit;
    }
    // Workspace packages by name, and their subpaths (`@org/core/manager`).
    for (const [name, entry] of this.packages) {
      if (specifier === name) return this.resolvePath(entry);
      if (specifier.startsWith(`${name}/`)) {
        const hit = this.resolvePath(path.posix.join(path.posix.dirname(entry), specifier.slice(name.length + 1)));
        if (hit) return hit;
      }
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

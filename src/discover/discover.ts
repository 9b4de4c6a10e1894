/**
 * Which files a run looks at: the targets, minus node_modules, build output, generated files,
 * declaration files, Python environments, `.gitignore`d paths and the config's `exclude`.
 *
 * Nothing is skipped silently: a target that cannot be read is a usage error, a subdirectory that
 * cannot be read and a symbolic link to a file outside the root are error entries of the run.
 * Symbolic links to files inside the root are followed (each file analysed once, under its real
 * path when that is scanned too); symbolic links to directories are not followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { UsageError } from '../util/errors.js';
import type { FileError } from '../model/file-error.js';
import { frontendFor, LANGUAGES, supportedExtensions, type LanguagePlugin } from '../frontends/index.js';

export const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/.cache/**',
  '**/__generated__/**',
  '**/*.generated.*',
  '**/*.gen.*',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.min.js',
  '**/*.bundle.js',
  '**/__pycache__/**',
  // Python environments and installed packages are recognised while the tree is read (see
  // isEnvironment, isInstalledPackages), not by name: a directory merely named `venv` or
  // `site-packages` that holds project source is scanned.
  '**/*.egg-info/**',
];

export interface DiscoverOptions {
  root: string;
  targets: string[];
  include?: string[];
  exclude?: string[];
  /**
   * Receives what discovery could not look at (an unreadable subdirectory, a symbolic link out of
   * the root), as error entries of the run.
   */
  errors?: FileError[];
  /** The languages whose files are discovered (default: the built-in ones). */
  languages?: readonly LanguagePlugin[];
  /** Test hook: the directory reads and stats discovery makes (to inject errors root cannot produce with chmod). */
  fs?: { readdirSync?: typeof fs.readdirSync; statSync?: typeof fs.statSync };
}

export interface DiscoveredFile {
  abs: string;
  /** Root-relative POSIX path: the name findings use. */
  rel: string;
}

export function toPosixRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** `.gitignore` lines → fast-glob ignore patterns (negations are not supported and are skipped). */
export function gitignorePatterns(dir: string): string[] {
  const file = path.join(dir, '.gitignore');
  if (!fs.existsSync(file)) return [];
  const out: string[] = [];
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/') || line.slice(0, -1).includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    // Git reads braces, parentheses, `+`, `@` and `!` literally; fast-glob would expand them (a
    // committed `.gitignore` of nested `{a,b}` groups is otherwise a brace bomb).
    line = line.replace(/[{}()+@!]/g, '\\$&');
    const base = anchored ? line : `**/${line}`;
    out.push(`${base}/**`);
    if (!dirOnly) out.push(base);
  }
  return out;
}

/**
 * fast-glob's patterns never match a line terminator in a name (picomatch's `.`), so such names are
 * handed to it with stand-ins from the private-use area and turned back afterwards.
 */
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g;
const STAND_INS = /[\ue00a\ue00d\ue028\ue029]/g;
const toStandIn = (s: string): string => s.replace(LINE_TERMINATORS, (c) => String.fromCharCode(0xe000 + (c.charCodeAt(0) & 0xff)));
const fromStandIn = (s: string): string => s.replace(STAND_INS, (c) => (c === '\ue00a' ? '\n' : c === '\ue00d' ? '\r' : c === '\ue028' ? '\u2028' : '\u2029'));
const hasLineTerminator = (s: string): boolean => s.includes('\n') || s.includes('\r') || s.includes('\u2028') || s.includes('\u2029');

/**
 * Installed packages of a Python installation or environment: `lib/pythonX.Y/site-packages` (and
 * `lib64/…`, Debian's `dist-packages`, Windows' `Lib/site-packages`). Not analysed below a target.
 */
function isInstalledPackages(dir: string): boolean {
  if (!dir.endsWith('site-packages') && !dir.endsWith('dist-packages')) return false;
  const parts = dir.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (name !== 'site-packages' && name !== 'dist-packages') return false;
  const parent = parts[parts.length - 2] ?? '';
  if (parent === 'Lib') return true;
  return /^python\d/.test(parent) && /^lib(64)?$/.test(parts[parts.length - 3] ?? '');
}

/** A directory that is a Python environment (a virtualenv: `pyvenv.cfg`; conda: `conda-meta/`): not analysed below a target. */
function isEnvironment(entries: readonly fs.Dirent[]): boolean {
  for (const e of entries) if (e.name === 'pyvenv.cfg' || (e.name === 'conda-meta' && e.isDirectory())) return true;
  return false;
}

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export function discover(options: DiscoverOptions): DiscoveredFile[] {
  const languages = options.languages ?? LANGUAGES;
  const exts = supportedExtensions(languages).map((e) => e.slice(1));
  const include = options.include && options.include.length > 0 ? options.include : [`**/*.{${exts.join(',')}}`];
  const readdirSync = options.fs?.readdirSync ?? fs.readdirSync;
  const statSync = options.fs?.statSync ?? fs.statSync;
  const seen = new Map<string, DiscoveredFile>();
  /** Symbolic links to files, by absolute path (as fast-glob saw it). */
  const links = new Set<string>();
  const problems: FileError[] = [];
  for (const target of options.targets) {
    const abs = path.resolve(target);
    let stat: fs.Stats;
    try {
      stat = statSync(abs);
    } catch (e) {
      const code = errorCode(e);
      throw new UsageError(code === 'ENOENT' ? `path not found: ${target}` : `${target}: cannot read (${code})`);
    }
    if (stat.isFile()) {
      // An explicitly named file is analysed if a frontend understands it.
      if (!frontendFor(abs, languages)) throw new UsageError(`${target}: not a supported source file (expected ${supportedExtensions(languages).join(', ')})`);
      seen.set(abs, { abs, rel: toPosixRelative(options.root, abs) });
      continue;
    }
    if (!stat.isDirectory()) throw new UsageError(`${target}: not a file or directory`);
    // A target that cannot be listed would otherwise be "0 files scanned" and a green run.
    try {
      readdirSync(abs);
    } catch (e) {
      throw new UsageError(`${target}: cannot read directory (${errorCode(e)})`);
    }
    const ignore = [
      ...DEFAULT_EXCLUDE,
      ...gitignorePatterns(abs),
      ...(abs !== options.root ? gitignorePatterns(options.root).map((p) => relativeIgnore(options.root, abs, p)).filter((p): p is string => !!p) : []),
      ...(options.exclude ?? []).map((p) => relativeIgnore(options.root, abs, p)).filter((p): p is string => !!p),
    ];
    // Every directory fast-glob lists goes through here: unreadable ones are noted (fast-glob
    // only skips them), environments are listed as empty, links to files are shown as files.
    const readdir = ((dir: string, opts?: unknown): unknown => {
      const real = fromStandIn(dir);
      if (real !== abs && isInstalledPackages(real)) return [];
      let entries: fs.Dirent[];
      try {
        entries = readdirSync(real, opts as { withFileTypes: true });
      } catch (e) {
        problems.push({ file: toPosixRelative(options.root, real), kind: 'unreadable', message: `cannot read directory (${errorCode(e)}); its files were not analysed` });
        throw e;
      }
      if (!opts || typeof opts !== 'object' || !(opts as { withFileTypes?: boolean }).withFileTypes) return entries;
      if (real !== abs && isEnvironment(entries)) return [];
      let out: fs.Dirent[] | undefined;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        let replaced: fs.Dirent | undefined;
        if (e.isSymbolicLink() && frontendFor(e.name, languages)) {
          try {
            const st = statSync(path.join(real, e.name));
            if (st.isFile()) {
              links.add(path.join(real, e.name));
              replaced = direntOf(e.name, st);
            }
          } catch {
            /* a dangling link: nothing to analyse */
          }
        }
        if (hasLineTerminator(e.name)) replaced = renamed(replaced ?? e, toStandIn(e.name));
        if (replaced) (out ??= entries.slice())[i] = replaced;
      }
      return out ?? entries;
    }) as typeof fs.readdirSync;
    // Relative POSIX entries, joined here: resolving and relativising 50,000 absolute paths cost
    // a third of discovery; `seen` removes duplicates, so fast-glob need not.
    const entries = fg.sync(include.map((p) => relativeInclude(options.root, abs, p)), {
      cwd: abs,
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      unique: false,
      ignore,
      fs: { readdirSync: readdir },
    });
    const prefix = toPosixRelative(options.root, abs);
    for (let e of entries) {
      if (!frontendFor(e, languages)) continue;
      e = fromStandIn(e);
      const rel = prefix === '' ? e : `${prefix}/${e}`;
      const fileAbs = path.join(abs, e);
      if (!seen.has(fileAbs)) seen.set(fileAbs, { abs: fileAbs, rel });
    }
  }
  if (links.size > 0) followLinks(options.root, seen, links, problems);
  const listed = new Set<string>();
  for (const p of problems) {
    const key = `${p.kind}\0${p.file}`;
    if (!listed.has(key)) options.errors?.push(p);
    listed.add(key);
  }
  return [...seen.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Links to files: one inside the root is analysed once — not at all when its target is scanned
 * under its own path, else under the first link's path; one that leaves the root is listed.
 */
function followLinks(root: string, seen: Map<string, DiscoveredFile>, links: Set<string>, problems: FileError[]): void {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = root;
  }
  const byRel = new Set<string>();
  for (const [abs, f] of seen) if (!links.has(abs)) byRel.add(f.rel);
  for (const [abs, f] of [...seen].sort((a, b) => (a[1].rel < b[1].rel ? -1 : 1))) {
    if (!links.has(abs)) continue;
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      seen.delete(abs);
      continue;
    }
    const relReal = path.relative(realRoot, real);
    if (relReal.startsWith('..') || path.isAbsolute(relReal)) {
      seen.delete(abs);
      problems.push({ file: f.rel, kind: 'outside-root', message: `symbolic link to a file outside the root (${real})` });
      continue;
    }
    const key = relReal.split(path.sep).join('/');
    if (byRel.has(key)) seen.delete(abs);
    else byRel.add(key);
  }
}

function direntOf(name: string, st: fs.Stats): fs.Dirent {
  return { name, isFile: () => st.isFile(), isDirectory: () => st.isDirectory(), isSymbolicLink: () => false, isBlockDevice: () => false, isCharacterDevice: () => false, isFIFO: () => false, isSocket: () => false } as unknown as fs.Dirent;
}

function renamed(e: fs.Dirent, name: string): fs.Dirent {
  const file = e.isFile();
  const dir = e.isDirectory();
  const link = e.isSymbolicLink();
  return { name, isFile: () => file, isDirectory: () => dir, isSymbolicLink: () => link, isBlockDevice: () => false, isCharacterDevice: () => false, isFIFO: () => false, isSocket: () => false } as unknown as fs.Dirent;
}

/** Root-relative patterns are re-based onto a target directory below the root. */
function relativeIgnore(root: string, targetDir: string, pattern: string): string | undefined {
  if (pattern.startsWith('**/')) return pattern;
  const prefix = toPosixRelative(root, targetDir);
  if (!prefix) return pattern;
  if (pattern.startsWith(`${prefix}/`)) return pattern.slice(prefix.length + 1);
  return pattern.includes('/') ? undefined : `**/${pattern}`;
}

function relativeInclude(root: string, targetDir: string, pattern: string): string {
  return relativeIgnore(root, targetDir, pattern) ?? pattern;
}

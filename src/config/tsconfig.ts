/**
 * `baseUrl` and `paths` from a tsconfig.json, following `extends` (relative files and packages in
 * node_modules). Read as data: comments and trailing commas allowed, nothing executed. The keys read
 * are checked (types, `extends` cycles, a missing relative `extends`): a wrong one is a UsageError
 * naming the file and the key. A package in `extends` that is not installed is skipped.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TsApi } from '@ts-morph/common';
import { UsageError } from '../util/errors.js';
import { loadTypeScript } from '../frontends/typescript/load.js';
import { parseJsonc } from './jsonc.js';
import { checkKeys } from './limits.js';
import type { PathAliases } from '../model/workspace.js';

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  outDir?: string;
  rootDir?: string;
}

interface RawTsconfig {
  extends?: string[];
  compilerOptions?: RawOptions;
  /** Project references' `path`s, as written. */
  references?: string[];
}

/** `extends` of a bare name that names a workspace package: its file, found without node_modules. */
export type PackageFile = (spec: string) => string | undefined;

/** Absolute baseUrl / paths base, after following `extends`. */
interface Resolved {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  pathsBase?: string;
  outDir?: string;
  rootDir?: string;
}

/** Deepest bracket nesting read: TypeScript's parser (asked for the error message) recurses. */
export const MAX_TSCONFIG_DEPTH = 256;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function readTsconfig(file: string): RawTsconfig {
  const label = `tsconfig ${file}`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${label}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // JSON with comments needs no TypeScript (a warm run then never loads it); TypeScript only says what is wrong.
  const info = { depth: 0 };
  let value = parseJsonc(text, info);
  if (info.depth > MAX_TSCONFIG_DEPTH) throw new UsageError(`${label}: brackets nested ${info.depth} deep; expected at most ${MAX_TSCONFIG_DEPTH}`);
  if (value === undefined) {
    const ts = loadTypeScript() as typeof TsApi;
    const parsed = ts.parseConfigFileTextToJson(file, text);
    if (parsed.error) {
      throw new UsageError(`${label}: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, ' ')}`);
    }
    value = parsed.config ?? {};
  }
  return validateTsconfig(value, label);
}

/** The keys read from a tsconfig, with the types TypeScript requires; anything else names the key. */
function validateTsconfig(value: unknown, label: string): RawTsconfig {
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new UsageError(`${label}: "${key}" must be ${expected}; got ${describe(got)}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(value)) fail('(root)', 'an object', value);
  checkKeys(label, value, MAX_TSCONFIG_DEPTH);
  const json = value as Record<string, unknown>;
  const out: RawTsconfig = {};
  if (json.extends !== undefined) {
    const list = Array.isArray(json.extends) ? json.extends : [json.extends];
    if (list.some((e) => typeof e !== 'string' || e === '')) fail('extends', 'a file name or an array of file names', json.extends);
    out.extends = list as string[];
  }
  if (json.compilerOptions !== undefined) {
    if (!isObject(json.compilerOptions)) fail('compilerOptions', 'an object', json.compilerOptions);
    const co = json.compilerOptions as Record<string, unknown>;
    const opts: RawOptions = {};
    if (co.baseUrl !== undefined) {
      if (typeof co.baseUrl !== 'string') fail('compilerOptions.baseUrl', 'a path string', co.baseUrl);
      opts.baseUrl = co.baseUrl as string;
    }
    if (co.paths !== undefined) {
      if (!isObject(co.paths)) fail('compilerOptions.paths', 'an object of pattern → array of path strings', co.paths);
      for (const [pattern, targets] of Object.entries(co.paths as Record<string, unknown>)) {
        const key = `compilerOptions.paths["${pattern}"]`;
        if (!Array.isArray(targets)) fail(key, 'an array of path strings', targets);
        const bad = (targets as unknown[]).findIndex((t) => typeof t !== 'string');
        if (bad >= 0) fail(`${key}[${bad}]`, 'a path string', (targets as unknown[])[bad]);
      }
      opts.paths = co.paths as Record<string, string[]>;
    }
    for (const k of ['outDir', 'rootDir'] as const) {
      if (co[k] === undefined) continue;
      if (typeof co[k] !== 'string') fail(`compilerOptions.${k}`, 'a path string', co[k]);
      opts[k] = co[k] as string;
    }
    out.compilerOptions = opts;
  }
  if (Array.isArray(json.references)) {
    out.references = json.references.flatMap((r: unknown) => (r && typeof r === 'object' && typeof (r as { path?: unknown }).path === 'string' ? [(r as { path: string }).path] : []));
  }
  return out;
}

function resolveExtends(from: string, spec: string, packageFile?: PackageFile): string | undefined {
  const dir = path.dirname(from);
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(dir, spec);
    if (isFile(p)) return p;
    if (isFile(`${p}.json`)) return `${p}.json`;
    throw new UsageError(`tsconfig ${from}: "extends" ${JSON.stringify(spec)}: file not found (${p})`);
  }
  const inWorkspace = packageFile?.(spec);
  if (inWorkspace) return inWorkspace;
  try {
    const req = createRequire(from);
    try {
      return req.resolve(spec);
    } catch {
      return req.resolve(`${spec}.json`);
    }
  } catch {
    return undefined; // a shared config package that is not installed: nothing to learn from it
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * One tsconfig and what it extends. `chain` is the path of `extends` that led here (a file in it
 * again is a cycle); `done` memoises finished files, so a diamond of extends is read once each.
 */
function load(file: string, chain: string[], done: Map<string, Resolved>, packageFile?: PackageFile): Resolved {
  const known = done.get(file);
  if (known) return known;
  if (chain.includes(file)) {
    const cycle = [...chain.slice(chain.indexOf(file)), file];
    throw new UsageError(`tsconfig ${chain[chain.length - 1]}: "extends" makes a cycle: ${cycle.join(' -> ')}`);
  }
  const json = readTsconfig(file);
  let result: Resolved = {};
  for (const p of json.extends ?? []) {
    const parentFile = resolveExtends(file, p, packageFile);
    if (parentFile) result = { ...result, ...stripUndefined(load(parentFile, [...chain, file], done, packageFile)) };
  }
  const opts = json.compilerOptions ?? {};
  const dir = path.dirname(file);
  if (opts.baseUrl !== undefined) result.baseUrl = path.resolve(dir, opts.baseUrl);
  if (opts.paths !== undefined) {
    result.paths = opts.paths;
    result.pathsBase = opts.baseUrl !== undefined ? path.resolve(dir, opts.baseUrl) : dir;
  }
  if (opts.outDir !== undefined) result.outDir = path.resolve(dir, opts.outDir);
  if (opts.rootDir !== undefined) result.rootDir = path.resolve(dir, opts.rootDir);
  done.set(file, result);
  return result;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Aliases with root-relative POSIX targets. */
export function loadPathAliases(tsconfigFile: string, root: string, packageFile?: PackageFile): PathAliases {
  const r = load(path.resolve(tsconfigFile), [], new Map(), packageFile);
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/') || '.';
  const aliases: PathAliases = { paths: [] };
  if (r.baseUrl !== undefined) aliases.baseUrl = rel(r.baseUrl);
  if (r.outDir !== undefined) aliases.outDir = rel(r.outDir);
  if (r.rootDir !== undefined) aliases.rootDir = rel(r.rootDir);
  if (r.paths && r.pathsBase) {
    // Longest prefix first, as TypeScript matches.
    const entries = Object.entries(r.paths).sort((a, b) => b[0].indexOf('*') - a[0].indexOf('*') || b[0].length - a[0].length);
    for (const [pattern, targets] of entries) {
      if (!Array.isArray(targets)) continue;
      aliases.paths.push({ pattern, targets: targets.map((t) => rel(path.resolve(r.pathsBase!, t))) });
    }
  }
  return aliases;
}

/** The tsconfig files a tsconfig's project `references` point to (a directory means its tsconfig.json); missing ones are skipped. */
export function loadReferences(tsconfigFile: string): string[] {
  const out: string[] = [];
  for (const ref of readTsconfig(tsconfigFile).references ?? []) {
    const p = path.resolve(path.dirname(tsconfigFile), ref);
    const file = isFile(p) ? p : path.join(p, 'tsconfig.json');
    if (isFile(file)) out.push(file);
  }
  return out;
}

/** `tsconfig.json` next to a target or above it, up to the project root. */
export function findTsconfig(start: string, root: string): string | undefined {
  let dir = path.resolve(start);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  const stop = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir || !(parent + path.sep).startsWith(stop + path.sep) && parent !== stop) return undefined;
    dir = parent;
  }
}

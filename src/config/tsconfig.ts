/**
 * `baseUrl` and `paths` from a tsconfig.json, following `extends` (relative files and packages in
 * node_modules). Read as data: comments and trailing commas allowed, nothing executed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TsApi } from '@ts-morph/common';
import { UsageError } from '../engine/errors.js';
import { loadTypeScript } from '../frontends/typescript/load.js';
import { parseJsonc } from './jsonc.js';
import type { PathAliases } from '../model/resolve-ts.js';

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

/** Absolute baseUrl / paths base, after following `extends`. */
interface Resolved {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  pathsBase?: string;
}

function readTsconfig(file: string): { extends?: string | string[]; compilerOptions?: RawOptions } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`tsconfig ${file}: cannot read file`);
  }
  // JSON with comments needs no TypeScript (a warm run then never loads it); TypeScript only says what is wrong.
  const value = parseJsonc(text);
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as { extends?: string | string[]; compilerOptions?: RawOptions };
  const ts = loadTypeScript() as typeof TsApi;
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) {
    throw new UsageError(`tsconfig ${file}: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, ' ')}`);
  }
  return (parsed.config ?? {}) as { extends?: string | string[]; compilerOptions?: RawOptions };
}

function resolveExtends(from: string, spec: string): string | undefined {
  const dir = path.dirname(from);
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(dir, spec);
    if (fs.existsSync(p)) return p;
    if (fs.existsSync(`${p}.json`)) return `${p}.json`;
    return undefined;
  }
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

function load(file: string, seen: Set<string>): Resolved {
  if (seen.has(file)) return {};
  seen.add(file);
  const json = readTsconfig(file);
  let result: Resolved = {};
  const parents = json.extends === undefined ? [] : Array.isArray(json.extends) ? json.extends : [json.extends];
  for (const p of parents) {
    const parentFile = resolveExtends(file, p);
    if (parentFile) result = { ...result, ...stripUndefined(load(parentFile, seen)) };
  }
  const opts = json.compilerOptions ?? {};
  const dir = path.dirname(file);
  if (opts.baseUrl !== undefined) result.baseUrl = path.resolve(dir, opts.baseUrl);
  if (opts.paths !== undefined) {
    result.paths = opts.paths;
    result.pathsBase = opts.baseUrl !== undefined ? path.resolve(dir, opts.baseUrl) : dir;
  }
  return result;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Aliases with root-relative POSIX targets. */
export function loadPathAliases(tsconfigFile: string, root: string): PathAliases {
  const r = load(path.resolve(tsconfigFile), new Set());
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/') || '.';
  const aliases: PathAliases = { paths: [] };
  if (r.baseUrl !== undefined) aliases.baseUrl = rel(r.baseUrl);
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

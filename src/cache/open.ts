/** Opening the fact cache for a run: where it lives and what keys it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, TOOL_VERSION } from '../util/version.js';
import { hashText } from '../util/hash.js';
import { defaultCacheDir, FactCache, type CacheKey } from './fact-cache.js';
import { LANGUAGES } from '../frontends/index.js';

/**
 * Everything besides a file's own text that changes its facts. Extraction takes no configuration
 * today; a frontend option that changes facts must be added here so old entries stop matching.
 */
const EXTRACTION_CONFIG = { frontends: LANGUAGES.map((l) => l.id), jsDoc: 'not-parsed' };

/** Every language's parser and version (src/frontends/<lang>/index.ts), named without loading them. */
const PARSER_VERSION = LANGUAGES.map((l) => `${l.parser.name}@${l.parser.version}`).join(' ');

/**
 * The directory codeHashOf's paths are relative to: src/cache (sources, under the test runner) or
 * dist/src/cache (compiled). The bundled CLI (dist/cli, scripts/bundle.js) is built from dist/src in
 * the same build, so it hashes the same files as dist/src would.
 */
function cacheModuleDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (path.basename(here) === 'cache' || !PACKAGE_ROOT) return here;
  return path.join(PACKAGE_ROOT, 'dist', 'src', 'cache');
}

/**
 * ssot-lint's own code under `dirs` (relative to src/cache), hashed: a change to an extractor that
 * forgot to bump FACTS_VERSION (or a development build with an unchanged version number) must not
 * be served facts, or findings, of the old code. If no code is found there (an unusual install),
 * the hash is new on every run: nothing cached is reused, nothing stale is served.
 */
export function codeHashOf(dirs: readonly string[]): string {
  const here = cacheModuleDir();
  const parts: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[jt]s$/.test(e.name) && !e.name.endsWith('.d.ts')) parts.push(`${path.relative(here, p)}\0${fs.readFileSync(p, 'utf8')}`);
    }
  };
  for (const d of dirs) walk(path.resolve(here, d));
  if (parts.length === 0) return hashText(`${process.pid}\0${Date.now()}\0${Math.random()}`);
  return hashText(parts.join('\0'));
}

let codeHash: string | undefined;

export function cacheKey(root: string): CacheKey {
  codeHash ??= codeHashOf(['../frontends']);
  return { root, toolVersion: TOOL_VERSION, parserVersion: PARSER_VERSION, configKey: hashText(`${JSON.stringify(EXTRACTION_CONFIG)}\0${codeHash}`) };
}

/** `cache`: true = the default location under the root, a string = that directory (relative to cwd), false/undefined = none. */
export function cacheDir(cache: boolean | string | undefined, cwd: string, root: string): string | undefined {
  if (cache === undefined || cache === false) return undefined;
  return typeof cache === 'string' ? path.resolve(cwd, cache) : defaultCacheDir(root);
}

/** The fact cache in `dir`, authenticated under `secret` (trust.ts cacheSecret); none without both. */
export function openFactCache(dir: string | undefined, root: string, secret: Buffer | undefined): FactCache | undefined {
  return dir && secret ? FactCache.open(dir, cacheKey(root), secret) : undefined;
}

/** Opening the fact cache for a run: where it lives and what keys it. */
import path from 'node:path';
import { createRequire } from 'node:module';
import { TOOL_VERSION } from '../cli/version.js';
import { hashText } from '../engine/extract-all.js';
import { defaultCacheDir, FactCache, type CacheKey } from './fact-cache.js';

/**
 * Everything besides a file's own text that changes its facts. Extraction takes no configuration
 * today; a frontend option that changes facts must be added here so old entries stop matching.
 */
const EXTRACTION_CONFIG = { frontends: ['typescript'], jsDoc: 'not-parsed' };

/** ts-morph pins the TypeScript it bundles; its version names the parser without loading it. */
const PARSER_VERSION = `ts-morph@${(createRequire(import.meta.url)('ts-morph/package.json') as { version: string }).version}`;

export function cacheKey(root: string): CacheKey {
  return { root, toolVersion: TOOL_VERSION, parserVersion: PARSER_VERSION, configKey: hashText(JSON.stringify(EXTRACTION_CONFIG)) };
}

/** `cache`: true = the default location under the root, a string = that directory (relative to cwd), false/undefined = none. */
export function openFactCache(cache: boolean | string | undefined, cwd: string, root: string): FactCache | undefined {
  if (cache === undefined || cache === false) return undefined;
  const dir = typeof cache === 'string' ? path.resolve(cwd, cache) : defaultCacheDir(root);
  return dir ? FactCache.open(dir, cacheKey(root)) : undefined;
}

/** Opening the fact cache for a run: where it lives and what keys it. */
import path from 'node:path';
import { ts } from 'ts-morph';
import { TOOL_VERSION } from '../cli/version.js';
import { hashText } from '../engine/extract-all.js';
import { defaultCacheDir, FactCache, type CacheKey } from './fact-cache.js';

/**
 * Everything besides a file's own text that changes its facts. Extraction takes no configuration
 * today; a frontend option that changes facts must be added here so old entries stop matching.
 */
const EXTRACTION_CONFIG = { frontends: ['typescript'], jsDoc: 'not-parsed' };

export function cacheKey(root: string): CacheKey {
  return { root, toolVersion: TOOL_VERSION, parserVersion: `typescript@${ts.version}`, configKey: hashText(JSON.stringify(EXTRACTION_CONFIG)) };
}

/** `cache`: true = the default location under the root, a string = that directory (relative to cwd), false/undefined = none. */
export function openFactCache(cache: boolean | string | undefined, cwd: string, root: string): FactCache | undefined {
  if (cache === undefined || cache === false) return undefined;
  const dir = typeof cache === 'string' ? path.resolve(cwd, cache) : defaultCacheDir(root);
  return dir ? FactCache.open(dir, cacheKey(root)) : undefined;
}

/**
 * Loading the TypeScript compiler, the largest fixed cost of a run that parses (~9 MB of JavaScript).
 *
 * Three things make it cheaper, each measured on this machine (2 cores, Node 20):
 * - `require()` of `@ts-morph/common/dist/typescript.js` itself. An ES `import { ts } from
 *   '@ts-morph/common'` first runs Node's CommonJS export scanner over ts-morph's 3 MB bundle and
 *   then loads that bundle too: ~130 ms + ~40 ms per thread, for an object we never use.
 * - A V8 code cache: TypeScript's compiled bytecode is kept in the per-user cache directory
 *   (`~/.cache/ssot-lint` or `$XDG_CACHE_HOME/ssot-lint`, see src/util/trust.ts), never in the fact
 *   cache's directory: that one is inside the analysed tree or a restored CI cache, and compiled code
 *   from there would run whatever a pull request planted. The directory and the file must be this
 *   user's and not group/world-writable. The file (`typescript-<sha256 of typescript.js>-<v8>-<arch>.v8cache`)
 *   carries the SHA-256 of the exact typescript.js source it was compiled from (~5 ms to hash the
 *   9 MB on each load) and a SHA-256 of its data, both checked before V8 sees it, so a truncated or
 *   corrupt file is never used (and is rewritten); V8 itself rejects data from another version or
 *   other flags. Loading: ~160 → ~60 ms, and the parser's functions are compiled already on the
 *   first file. Written by the main thread after it has parsed (so the parser's functions are in
 *   it), only when missing or rejected.
 * - Loaded on first use only (see ../index.ts): a run served from the caches never loads it.
 *
 * The module is registered in `require.cache` under its own file name, so ts-morph, when something
 * loads it, gets the same `ts` object (one copy in memory; a test checks it).
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { readPrivateFile, writePrivateFile } from '../../util/trust.js';

const require = createRequire(import.meta.url);
/** Then the SHA-256 of the source (32 bytes), the SHA-256 of the data (32 bytes), the data. */
const MAGIC = Buffer.from('ssot-lint-v8cache/2\n');
const HASH_BYTES = 32;

/** How this thread got TypeScript: from V8's code cache, compiled (no usable cache), plain require, or not at all. */
export type TypeScriptLoad = 'code-cache' | 'compiled' | 'required' | 'not loaded';

interface Loaded {
  exports: unknown;
  how: Exclude<TypeScriptLoad, 'not loaded'>;
  script?: vm.Script;
  /** Whether the code cache should be (re)written: it was missing or V8 rejected it. */
  stale: boolean;
  cacheFile?: string;
  /** SHA-256 of the typescript.js the script was compiled from. */
  sourceHash?: Buffer;
}

let codeCacheDir: string | undefined;
let loaded: Loaded | undefined;

/** The directory set by useCodeCache (workers are given the main thread's). */
export function codeCacheDirectory(): string | undefined {
  return codeCacheDir;
}

/** The file ts-morph bundles (the TypeScript ssot-lint parses with). */
export function typescriptFile(): string {
  return path.join(path.dirname(require.resolve('@ts-morph/common')), 'typescript.js');
}

/**
 * Keep TypeScript's compiled code in `dir`, which must be the per-user directory as
 * `trustedUserDir()` (src/util/trust.ts) returned it, never a directory of the analysed tree;
 * undefined = no code cache. Call before the first load.
 */
export function useCodeCache(dir: string | undefined): void {
  codeCacheDir = dir;
}

/** The version of @ts-morph/common, which pins the TypeScript it bundles: names the parser without loading it. */
export const PARSER_PACKAGE_VERSION = (require('@ts-morph/common/package.json') as { version: string }).version;

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/** The code cache file for this exact TypeScript source, V8 and architecture. */
function cacheFileFor(dir: string, sourceHash: Buffer): string {
  return path.join(dir, `typescript-${sourceHash.toString('hex').slice(0, 32)}-${process.versions.v8}-${process.arch}.v8cache`);
}

/**
 * The code cache's data if `file` is a private regular file (see trust.ts) compiled from the source
 * whose SHA-256 is `sourceHash` and its data's SHA-256 matches; undefined otherwise.
 */
export function readCodeCache(file: string, sourceHash: Buffer): Buffer | undefined {
  const buf = readPrivateFile(file);
  if (!buf) return undefined;
  const head = MAGIC.length;
  const start = head + 2 * HASH_BYTES;
  if (buf.length <= start || !buf.subarray(0, head).equals(MAGIC)) return undefined;
  if (!buf.subarray(head, head + HASH_BYTES).equals(sourceHash)) return undefined;
  const data = buf.subarray(start);
  return sha256(data).equals(buf.subarray(head + HASH_BYTES, start)) ? data : undefined;
}

/** The SHA-256 of the typescript.js this process loads (what names and checks its code cache). */
export function typescriptSourceHash(): Buffer {
  return sha256(fs.readFileSync(typescriptFile()));
}

/** The TypeScript module's exports, loaded once per thread. */
export function loadTypeScript(): unknown {
  if (loaded) return loaded.exports;
  const file = typescriptFile();
  const cached = require.cache[file];
  if (cached?.loaded || !codeCacheDir) {
    loaded = { exports: require(file), how: 'required', stale: false };
    return loaded.exports;
  }
  const source = fs.readFileSync(file);
  const sourceHash = sha256(source);
  const cacheFile = cacheFileFor(codeCacheDir, sourceHash);
  const data = readCodeCache(cacheFile, sourceHash);
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: file, ...(data ? { cachedData: data } : {}) });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  const stale = data === undefined || script.cachedDataRejected === true;
  loaded = { exports: mod.exports, how: stale ? 'compiled' : 'code-cache', script, stale, cacheFile, sourceHash };
  return loaded.exports;
}

export function typeScriptLoad(): TypeScriptLoad {
  return loaded?.how ?? 'not loaded';
}

/**
 * Write the code cache if this thread loaded TypeScript without a usable one. Call after parsing,
 * so the functions the parser ran are compiled into it (a private file, renamed into place). A
 * failure to write is silent: the cache is only an optimisation.
 */
export function saveCodeCache(): void {
  if (!loaded?.stale || !loaded.script || !loaded.cacheFile || !loaded.sourceHash) return;
  loaded.stale = false;
  try {
    const data = loaded.script.createCachedData();
    writePrivateFile(loaded.cacheFile, Buffer.concat([MAGIC, loaded.sourceHash, sha256(data), data]));
  } catch {
    /* only an optimisation */
  }
}

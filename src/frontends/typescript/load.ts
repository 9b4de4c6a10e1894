/**
 * Loading the TypeScript compiler, the largest fixed cost of a run that parses (~9 MB of JavaScript).
 *
 * Three things make it cheaper, each measured on this machine (2 cores, Node 20):
 * - `require()` of `@ts-morph/common/dist/typescript.js` itself. An ES `import { ts } from
 *   '@ts-morph/common'` first runs Node's CommonJS export scanner over ts-morph's 3 MB bundle and
 *   then loads that bundle too: ~130 ms + ~40 ms per thread, for an object we never use.
 * - A V8 code cache: TypeScript's compiled bytecode is kept next to the fact cache
 *   (`typescript-<parser>-<v8>-<arch>.v8cache`) and handed to V8 on the next load, which then skips
 *   compiling (~160 → ~60 ms, and the parser's functions are compiled already on the first file).
 *   V8 rejects data from another V8 version or other flags; the file also carries a CRC-32 that is
 *   checked before V8 sees it, so a truncated or corrupt file is never used. Written by the main
 *   thread after it has parsed (so the parser's functions are in it), only when missing or rejected.
 * - Loaded on first use only (see ../index.ts): a run served from the caches never loads it.
 *
 * The module is registered in `require.cache` under its own file name, so ts-morph, when something
 * loads it, gets the same `ts` object (one copy in memory; a test checks it).
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const MAGIC = Buffer.from('ssot-lint-v8cache/1\n');

/** How this thread got TypeScript: from V8's code cache, compiled (no usable cache), plain require, or not at all. */
export type TypeScriptLoad = 'code-cache' | 'compiled' | 'required' | 'not loaded';

interface Loaded {
  exports: unknown;
  how: Exclude<TypeScriptLoad, 'not loaded'>;
  script?: vm.Script;
  /** Whether the code cache should be (re)written: it was missing or V8 rejected it. */
  stale: boolean;
  cacheFile?: string;
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

/** Keep TypeScript's compiled code in `dir` (the fact cache's directory); undefined = no code cache. Call before the first load. */
export function useCodeCache(dir: string | undefined): void {
  codeCacheDir = dir;
}

/** The version of @ts-morph/common, which pins the TypeScript it bundles: names the parser without loading it. */
export const PARSER_PACKAGE_VERSION = (require('@ts-morph/common/package.json') as { version: string }).version;

/** The code cache file for this TypeScript, V8 and architecture. */
function cacheFileFor(dir: string): string {
  return path.join(dir, `typescript-${PARSER_PACKAGE_VERSION}-${process.versions.v8}-${process.arch}.v8cache`);
}

export function readCodeCache(file: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const head = MAGIC.length;
  if (buf.length <= head + 4 || !buf.subarray(0, head).equals(MAGIC)) return undefined;
  const data = buf.subarray(head + 4);
  return zlib.crc32(data) === buf.readUInt32LE(head) ? data : undefined;
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
  const cacheFile = cacheFileFor(codeCacheDir);
  const data = readCodeCache(cacheFile);
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, ...(data ? { cachedData: data } : {}) });
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
  loaded = { exports: mod.exports, how: stale ? 'compiled' : 'code-cache', script, stale, cacheFile };
  return loaded.exports;
}

export function typeScriptLoad(): TypeScriptLoad {
  return loaded?.how ?? 'not loaded';
}

/**
 * Write the code cache if this thread loaded TypeScript without a usable one. Call after parsing,
 * so the functions the parser ran are compiled into it. A failure to write is silent: the cache is
 * only an optimisation, and the fact cache reports an unwritable directory already.
 */
export function saveCodeCache(): void {
  if (!loaded?.stale || !loaded.script || !loaded.cacheFile) return;
  loaded.stale = false;
  const tmp = `${loaded.cacheFile}.${process.pid}.tmp`;
  try {
    const data = loaded.script.createCachedData();
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(zlib.crc32(data));
    fs.mkdirSync(path.dirname(loaded.cacheFile), { recursive: true });
    fs.writeFileSync(tmp, Buffer.concat([MAGIC, crc, data]));
    fs.renameSync(tmp, loaded.cacheFile);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* the directory itself is unusable: nothing was written */
    }
  }
}

/**
 * Read and extract every discovered file. Pure per file, so this is the stage that parallelises
 * (workers.ts) and caches (src/cache): a file whose size, mtime and ctime, or else whose content hash,
 * match the cache is not parsed; the rest are extracted on the main thread or, when the estimated
 * work pays for them (workers.ts, autoThreads), in a worker pool. A file that cannot be read or
 * parsed becomes an error entry and the run goes on.
 */
import fs from 'node:fs';
import { decodeEntry, type CacheEntry, type FactCache } from '../cache/fact-cache.js';
import { FactInterner } from '../cache/intern.js';
import type { DiscoveredFile } from '../discover/discover.js';
import { frontendFor, LANGUAGES, type LanguagePlugin } from '../frontends/index.js';
import { isStackOverflow, NestingTooDeep } from '../frontends/nesting.js';
import type { FileFacts } from '../model/facts.js';
import type { FileError } from '../model/file-error.js';
import { hashText } from '../util/hash.js';
import type { FileStamp } from '../cache/result-cache.js';
import { autoThreads, runPool, type ExtractionWork } from './workers.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ExtractResult {
  facts: FileFacts[];
  errors: FileError[];
  stats: ExtractStats;
  /** Per discovered file, in order: path, size, mtime, content hash ('' when it could not be read) and ctime. */
  stamps: FileStamp[];
}

export interface ExtractStats {
  total: number;
  /** Files parsed in this run. */
  parsed: number;
  /** Files whose facts came from the cache. */
  cached: number;
  /** Worker threads that took part (0: main thread only). */
  workers: number;
  /** Files parsed by workers. */
  parsedInWorkers: number;
}

export interface ExtractOptions {
  cache?: FactCache;
  /** Threads for extraction, main thread included: 'auto' (workers only where the estimated work pays for them: autoThreads), or a number (1 = no workers). */
  threads?: number | 'auto';
  /** Progress, at most every ~100 ms while files are being parsed. */
  onProgress?: (stats: ExtractStats) => void;
  /**
   * The languages to read (default: the built-in ones). Workers know only the built-in ones, so with
   * any other language every file is extracted on the main thread.
   */
  languages?: readonly LanguagePlugin[];
  /**
   * Texts to read instead of the files on disk, by root-relative path (a dry run's later passes see
   * the fixes of the earlier ones): those files are extracted on the main thread, never from the cache.
   */
  overlay?: ReadonlyMap<string, string>;
  /** Test hook: leave every file to the workers (the CLI: `SSOT_WORKERS_ONLY=1`, for tests of the built CLI). */
  mainThreadExtracts?: boolean;
}

/** Read one file, or say why it is skipped. */
export function readSource(file: DiscoveredFile): { text: string; size: number; mtimeMs: number; ctimeMs: number } | FileError {
  let buf: Buffer;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file.abs);
    if (stat.size > MAX_FILE_BYTES) {
      return { file: file.rel, kind: 'too-large', message: `skipped: ${(stat.size / 1048576).toFixed(1)} MB is over the 2 MB limit for a source file` };
    }
    buf = fs.readFileSync(file.abs);
  } catch (e) {
    return { file: file.rel, kind: 'unreadable', message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (buf.subarray(0, 8192).includes(0)) return { file: file.rel, kind: 'binary', message: 'skipped: binary content (NUL byte)' };
  return { text: buf.toString('utf8'), size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
}

/** Extract one file; parse errors are reported as errors and the facts are dropped. */
export function extractOne(file: DiscoveredFile, text: string, hash = hashText(text), languages: readonly LanguagePlugin[] = LANGUAGES): { facts?: FileFacts; errors: FileError[] } {
  const frontend = frontendFor(file.rel, languages);
  if (!frontend) return { errors: [] };
  let facts: FileFacts;
  try {
    facts = frontend.extract(file.rel, text, hash);
  } catch (e) {
    // Nesting the frontend refused (or a stack it ran out of): this file only, the run goes on.
    if (e instanceof NestingTooDeep) return { errors: [{ file: file.rel, kind: 'too-deep', message: e.message, ...(e.line ? { line: e.line } : {}) }] };
    if (isStackOverflow(e)) return { errors: [{ file: file.rel, kind: 'too-deep', message: 'nesting too deep to analyse (the stack ran out)' }] };
    throw e;
  }
  if (facts.parseErrors.length > 0) {
    const first = facts.parseErrors[0]!;
    return {
      errors: [
        {
          file: file.rel,
          kind: 'parse-error',
          message: frontend.parseErrorMessage?.(first) ?? `does not parse: ${first.message}`,
          line: first.line,
          column: first.column,
        },
      ],
    };
  }
  return { facts, errors: [] };
}

/** Read, hash and extract one file into a cache entry (what a worker does per file). */
export function extractEntry(file: DiscoveredFile, read = readSource(file), languages: readonly LanguagePlugin[] = LANGUAGES): { entry: CacheEntry } | { error: FileError } {
  if (!('text' in read)) return { error: read };
  const hash = hashText(read.text);
  const r = extractOne(file, read.text, hash, languages);
  return { entry: { hash, size: read.size, mtimeMs: read.mtimeMs, ctimeMs: read.ctimeMs, ...(r.facts ? { facts: r.facts } : {}), errors: r.errors } };
}

/** A file skipped unread (too large, binary, unreadable): its size, mtime and ctime still say whether it changed. */
function unreadStamp(file: DiscoveredFile): FileStamp {
  try {
    const st = fs.statSync(file.abs);
    return [file.rel, st.size, st.mtimeMs, '', st.ctimeMs];
  } catch {
    return [file.rel, -1, -1, '', -1];
  }
}

/** Files stat'ed per language to estimate the bytes to extract: enough for a threshold, cheap on 50,000 files. */
const SIZE_SAMPLE = 256;

/**
 * What is left to extract, per language, for autoThreads: the file counts, and their bytes
 * estimated from an evenly spread sample of sizes (a stat each; files over MAX_FILE_BYTES are
 * skipped unparsed, so they count 0).
 */
export function estimateWork(files: readonly DiscoveredFile[], todo: readonly number[], known?: ReadonlyMap<number, ReturnType<typeof readSource>>): ExtractionWork {
  const byLang = new Map<string, number[]>();
  for (const i of todo) {
    const lang = frontendFor(files[i]!.rel)?.id ?? LANGUAGES[0]!.id;
    let list = byLang.get(lang);
    if (!list) byLang.set(lang, (list = []));
    list.push(i);
  }
  const work: ExtractionWork = {};
  for (const [lang, list] of byLang) {
    const step = Math.max(1, list.length / SIZE_SAMPLE);
    let sampled = 0;
    let bytes = 0;
    for (let k = 0; k < list.length; k += step) {
      const i = list[Math.floor(k)]!;
      const read = known?.get(i);
      let size = read && 'size' in read ? read.size : -1;
      if (size < 0) {
        try {
          size = fs.statSync(files[i]!.abs).size;
        } catch {
          size = 0;
        }
      }
      bytes += size > MAX_FILE_BYTES ? 0 : size;
      sampled++;
    }
    work[lang] = { files: list.length, bytes: Math.round((bytes / sampled) * list.length) };
  }
  return work;
}

export function extractAll(files: DiscoveredFile[], options: ExtractOptions = {}): ExtractResult {
  const { cache } = options;
  const languages = options.languages ?? LANGUAGES;
  // Facts decoded from the cache or a worker share their spans.
  const interner = cache?.interner ?? new FactInterner();
  const stats: ExtractStats = { total: files.length, parsed: 0, cached: 0, workers: 0, parsedInWorkers: 0 };
  const entries: (CacheEntry | FileError | undefined)[] = new Array(files.length);
  /** Texts already read while checking the cache, so a miss is not read twice on the main thread. */
  const texts = new Map<number, ReturnType<typeof readSource>>();
  const todo: number[] = [];

  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const shown = options.overlay?.get(file.rel);
    if (shown !== undefined) {
      texts.set(i, { text: shown, size: Buffer.byteLength(shown), mtimeMs: 0, ctimeMs: 0 });
      todo.push(i);
      continue;
    }
    if (!cache || !cache.has(file.rel)) {
      todo.push(i);
      continue;
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file.abs);
    } catch {
      todo.push(i);
      continue;
    }
    const byStat = cache.lookupByStat(file.rel, stat.size, stat.mtimeMs, stat.ctimeMs);
    if (byStat) {
      cache.hit();
      entries[i] = byStat;
      stats.cached++;
      continue;
    }
    // Same content, new mtime or ctime (a checkout, a fresh CI clone): a read and a hash, no parse.
    const read = readSource(file);
    if ('text' in read) {
      const byHash = cache.lookupByHash(file.rel, hashText(read.text));
      if (byHash) {
        cache.hit();
        const entry = { ...byHash, size: read.size, mtimeMs: read.mtimeMs, ctimeMs: read.ctimeMs };
        cache.restat(file.rel, entry);
        entries[i] = entry;
        stats.cached++;
        continue;
      }
    }
    texts.set(i, read);
    todo.push(i);
  }

  const settle = (i: number, r: { entry: CacheEntry; json?: string } | { error: FileError }): void => {
    stats.parsed++;
    if ('error' in r) {
      entries[i] = r.error;
      return;
    }
    entries[i] = r.entry;
    cache?.store(files[i]!.rel, r.entry, r.json);
  };
  const local = (k: number): void => {
    const i = todo[k]!;
    const read = texts.get(i);
    texts.delete(i);
    settle(i, extractEntry(files[i]!, read, languages));
  };
  const progress = options.onProgress ? () => options.onProgress!({ ...stats }) : undefined;

  const threads =
    languages !== LANGUAGES || (options.overlay?.size ?? 0) > 0
      ? 1
      : options.threads === undefined || options.threads === 'auto'
        ? todo.length > 1
          ? autoThreads(estimateWork(files, todo, texts))
          : 1
        : options.threads;
  if (threads > 1 && todo.length > 1) {
    const items = todo.map((i) => ({ abs: files[i]!.abs, rel: files[i]!.rel }));
    stats.workers = runPool(items, {
      threads,
      local,
      received: (k, json, readError) => {
        stats.parsedInWorkers++;
        if (json !== undefined) settle(todo[k]!, { entry: decodeEntry(json, interner), json });
        else settle(todo[k]!, { error: JSON.parse(readError!) as FileError });
      },
      ...(progress ? { tick: progress } : {}),
      ...(options.mainThreadExtracts === false || process.env.SSOT_WORKERS_ONLY === '1' ? { mainThreadExtracts: false } : {}),
    });
  } else {
    let last = performance.now();
    for (let k = 0; k < todo.length; k++) {
      local(k);
      if (progress && performance.now() - last >= 100) {
        last = performance.now();
        progress();
      }
    }
  }
  progress?.();
  interner.clear();

  const facts: FileFacts[] = [];
  const errors: FileError[] = [];
  const stamps: FileStamp[] = new Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const e = entries[i];
    if (!e || 'kind' in e) {
      if (e) errors.push(e);
      stamps[i] = unreadStamp(files[i]!);
      continue;
    }
    if (e.facts) facts.push(e.facts);
    errors.push(...e.errors);
    stamps[i] = [files[i]!.rel, e.size, e.mtimeMs, e.hash, e.ctimeMs];
  }
  return { facts, errors, stats, stamps };
}

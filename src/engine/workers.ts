/**
 * Extraction in worker threads, driven synchronously so `analyze()` stays a plain function.
 *
 * The main thread and `threads - 1` workers take file indexes from one shared atomic counter; each
 * worker reads, hashes and extracts its files and posts each result (the cache entry as JSON: facts
 * are plain data) on its own MessagePort. The main thread extracts files too, and between files it
 * drains the ports with `receiveMessageOnPort`; when the counter runs out it sleeps in
 * `Atomics.wait` until the workers have reported. A worker that fails or stalls costs nothing but
 * time: every index without a result is extracted on the main thread at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { LANGUAGES } from '../frontends/index.js';
import type { LanguageCost } from '../frontends/plugin.js';

/** Give up on silent workers after this long without any result (one file takes well under a second). */
const STALL_MS = 20_000;

export interface PoolItem {
  abs: string;
  rel: string;
}

/** What a worker sends per file: the cache entry as JSON, or why the file could not be read. */
export type PoolMessage = [index: number, json: string] | [index: number, json: undefined, readError: string] | [index: -1, json: undefined, fatal: string];

/** Control words in the shared buffer. */
export const CTL_NEXT = 0;
export const CTL_POSTED = 1;
export const CTL_DONE = 2;

export function availableThreads(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Most threads 'auto' uses: each holds a TypeScript of its own (~100 MB), for little more gain. */
export const MAX_AUTO_THREADS = 8;

/** What is left to extract in one language: files and their bytes on disk (files over the size limit not counted). */
export interface LanguageWork {
  files: number;
  bytes: number;
}

/** By language plugin id (src/frontends/index.ts). */
export type ExtractionWork = Partial<Record<string, LanguageWork>>;

/**
 * The measured cost of extracting a language, per thread: each plugin's `workerCost`
 * (src/frontends/<lang>/index.ts). All measured on the 2-core bench machine (Node 20, see
 * docs/performance.md, "Threads"), on real trees: TypeScript/JavaScript on effect's src/ (7 MB) and
 * this checkout's node_modules (3,000 files, 21 MB extracted), Python on the CPython 3.11 standard
 * library (1,788 files, 31 MB); `bench/run.js --threads-compare` shows the wall times the policy is
 * judged by. A language without a measured cost does not count towards workers.
 */
/** The code cache directory the main thread uses (see LanguagePlugin.codeCache): the workers use it too. */
function codeCacheDirectory(): string | undefined {
  for (const language of LANGUAGES) {
    const dir = language.codeCache?.directory();
    if (dir !== undefined) return dir;
  }
  return undefined;
}

function costOf(language: string): LanguageCost | undefined {
  return LANGUAGES.find((l) => l.id === language)?.workerCost;
}

/**
 * Workers must save at least this share of the estimated extraction time… A worker on Python costs
 * 15–25% more CPU; under a shared machine's load the 17 MB of the stdlib's test/ (12% estimated)
 * gained nothing, the whole 31 MB stdlib (16%) did in its fastest runs (bench --threads-compare).
 */
export const MIN_GAIN_SHARE = 0.15;
/** …and at least this much (ms): each costs memory and CPU others sharing the machine could use. */
export const MIN_GAIN_MS = 500;

/** The single-thread extraction time of `work` in ms, once warm. */
export function estimateExtractMs(work: ExtractionWork): number {
  let ms = 0;
  for (const [w, c] of entries(work)) ms += (w.bytes / 1024) * c.msPerKb;
  return ms;
}

/**
 * The estimated extraction time with `threads` threads (main thread included): the work spread over
 * the cores the threads can really use (`cores / cpuPerThread`), plus the JSON transfer of the
 * workers' share, plus one worker's warm-up per language (they warm up side by side).
 */
export function estimateThreadedMs(work: ExtractionWork, threads: number, cores: number): number {
  const total = estimateExtractMs(work);
  if (threads <= 1 || total === 0) return total;
  let cpuPerThread = 0;
  let overhead = 0;
  let warmup = 0;
  for (const [w, c] of entries(work)) {
    const ms = (w.bytes / 1024) * c.msPerKb;
    cpuPerThread += (ms / total) * c.cpuPerThread;
    overhead += (ms / total) * c.transferOverhead;
    // Warm-up is the slowness of a thread's first files of a language: never more than their time.
    warmup += Math.min(c.warmupMs, ms);
  }
  const speedup = Math.min(threads, cores / cpuPerThread);
  return (total * (1 + (overhead * (threads - 1)) / threads)) / speedup + warmup;
}

/**
 * 'auto': the thread count with the shortest estimated extraction, if it beats one thread by
 * MIN_GAIN_SHARE and MIN_GAIN_MS; else 1. It used to be "the cores above 2,000 files", which on
 * 2 cores made TypeScript runs slower (a 7,000-file monorepo 4.2 → 5.3 s, 1.4× the CPU): one thread
 * extracting TypeScript already keeps ~1.85 cores busy with V8's collector and compilers, so a
 * second one finds no free core and only adds its warm-up and the JSON transfer. Python, whose
 * extraction (tree-sitter's WebAssembly) leaves more of the second core free and costs more per
 * file, gains from a worker on 2 cores once there is ~26 MB of it (~6.7 s of work, ~17 warm-ups).
 * With more cores TypeScript gains too (the same model, not measured here).
 */
export function autoThreads(work: ExtractionWork, cores = availableThreads()): number {
  const one = estimateExtractMs(work);
  let best = 1;
  let bestMs = one;
  for (let n = 2; n <= Math.min(cores, MAX_AUTO_THREADS); n++) {
    const ms = estimateThreadedMs(work, n, cores);
    if (ms < bestMs) {
      best = n;
      bestMs = ms;
    }
  }
  const saved = one - bestMs;
  return best > 1 && saved >= MIN_GAIN_SHARE * one && saved >= MIN_GAIN_MS ? best : 1;
}


/** The languages with work and a measured cost, with both. */
function entries(work: ExtractionWork): [LanguageWork, LanguageCost][] {
  const out: [LanguageWork, LanguageCost][] = [];
  for (const [language, w] of Object.entries(work)) {
    const cost = costOf(language);
    if (w !== undefined && w.bytes > 0 && cost) out.push([w, cost]);
  }
  return out;
}

/** The compiled worker script, or undefined when it is not there (then extraction stays on the main thread). */
export function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  // Under the test runner this module runs from src/*.ts; the worker always runs compiled code.
  const file = here.endsWith('.ts')
    ? path.resolve(path.dirname(here), '../../dist/src/engine/extract-worker.js')
    : path.join(path.dirname(here), 'extract-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

export interface PoolOptions {
  threads: number;
  /** Extract item `i` on the main thread. */
  local(i: number): void;
  /** A worker's result for item `i`. */
  received(i: number, json: string | undefined, readError: string | undefined): void;
  /** Called every ~100 ms while the pool runs. */
  tick?(): void;
  /** The main thread takes files too (default). Off only to test that worker results are right. */
  mainThreadExtracts?: boolean;
}

/**
 * Run `items` through the pool. Returns the number of workers that took part (0 when none could be
 * started: then everything ran through `local`).
 */
export function runPool(items: readonly PoolItem[], options: PoolOptions): number {
  const n = items.length;
  const script = workerScript();
  const workerCount = script ? Math.min(options.threads - 1, Math.max(0, n - 1)) : 0;
  const done = new Uint8Array(n);
  let remaining = n;
  const ctl = new Int32Array(new SharedArrayBuffer(4 * 4));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let w = 0; w < workerCount; w++) {
    try {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script!, {
        workerData: { items, control: ctl.buffer, port: port2, codeCache: codeCacheDirectory() },
        transferList: [port2],
        // A larger young generation: extraction allocates a whole AST per file and drops it.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
        stdout: false,
        stderr: false,
      });
      worker.unref();
      worker.on('error', () => {
        /* reported through the stall fallback: its items are redone locally */
      });
      ports.push(port1);
      workers.push(worker);
    } catch {
      break;
    }
  }

  let lastTick = performance.now();
  let lastResult = performance.now();
  const tick = (): void => {
    const now = performance.now();
    if (options.tick && now - lastTick >= 100) {
      lastTick = now;
      options.tick();
    }
  };
  const drain = (): void => {
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const [i, json, err] = m.message as PoolMessage;
        if (i < 0 || done[i]) continue;
        done[i] = 1;
        remaining--;
        lastResult = performance.now();
        options.received(i, json, err);
      }
    }
  };

  while (options.mainThreadExtracts !== false || workers.length === 0) {
    const i = Atomics.add(ctl, CTL_NEXT, 1);
    if (i >= n) break;
    if (!done[i]) {
      done[i] = 1;
      remaining--;
      options.local(i);
    }
    drain();
    tick();
  }
  lastResult = performance.now();
  while (remaining > 0 && Atomics.load(ctl, CTL_DONE) < workers.length) {
    const seen = Atomics.load(ctl, CTL_POSTED);
    drain();
    tick();
    if (remaining === 0) break;
    if (performance.now() - lastResult > STALL_MS) break;
    Atomics.wait(ctl, CTL_POSTED, seen, 100);
  }
  drain();
  // Whatever a failed worker held is done here.
  for (let i = 0; i < n && remaining > 0; i++) {
    if (done[i]) continue;
    done[i] = 1;
    remaining--;
    options.local(i);
  }
  for (const port of ports) port.close();
  for (const w of workers) void w.terminate();
  return workers.length;
}

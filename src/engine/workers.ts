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
import { codeCacheDirectory } from '../frontends/typescript/load.js';

/**
 * Below this many files to parse a worker costs more than it saves: it loads and JIT-warms
 * TypeScript on its own (~1 s of CPU), and its results are JSON-parsed again on the main thread.
 */
export const WORKER_THRESHOLD = 2000;

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

/**
 * 'auto': one thread below WORKER_THRESHOLD files to parse, else a pool sized to the cores (at
 * least ~1,000 files per thread, at most MAX_AUTO_THREADS). It used to subtract the load average,
 * but on a 2-core machine the load of ssot-lint's own previous run (or of the bench) was enough to
 * turn workers off, so a busy CI runner and a quiet laptop now get the same pool; `--threads 1`
 * keeps everything on the main thread.
 */
export function autoThreads(todo: number, cores = availableThreads()): number {
  if (todo < WORKER_THRESHOLD) return 1;
  return Math.max(1, Math.min(cores, MAX_AUTO_THREADS, Math.floor(todo / 1000)));
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

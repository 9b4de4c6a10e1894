/**
 * Worker-thread extraction gives exactly what the main thread gives. The worker runs the compiled
 * code in dist/ (`npm test` builds first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { discover } from '../src/discover/discover.js';
import { extractAll } from '../src/engine/extract-all.js';
import { analyze } from '../src/engine/run.js';
import { workerScript } from '../src/engine/workers.js';
import { tempDir } from './helpers/temp.js';

let dir: string;

beforeAll(() => {
  dir = tempDir('ssot-workers-');
  generateCorpus(dir, 150, 7);
  // A file that does not parse and one that is binary: errors must cross threads too.
  fs.writeFileSync(path.join(dir, 'packages/broken.ts'), 'export const = ;\n');
  fs.writeFileSync(path.join(dir, 'packages/binary.ts'), Buffer.from([0x65, 0x00, 0x01]));
  // Python files too: the worker runs every frontend (tree-sitter's WebAssembly included).
  fs.cpSync(path.resolve(import.meta.dirname, '../fixtures/python/websocket_core/app'), path.join(dir, 'py'), { recursive: true });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('worker threads', () => {
  it('has a compiled worker to run', () => {
    expect(workerScript(), 'run `npm run build` first').toBeDefined();
  });

  it('extract the same facts and errors as the main thread', () => {
    const files = discover({ root: dir, targets: [dir] });
    const sequential = extractAll(files, { threads: 1 });
    const parallel = extractAll(files, { threads: 3, mainThreadExtracts: false });
    expect(parallel.stats.workers).toBe(2);
    expect(parallel.stats.parsedInWorkers).toBe(files.length);
    expect(sequential.stats.parsedInWorkers).toBe(0);
    expect(parallel.facts).toEqual(sequential.facts);
    expect(parallel.errors).toEqual(sequential.errors);
    expect(parallel.errors.map((e) => e.kind).sort()).toEqual(['binary', 'parse-error']);
    expect(parallel.facts.filter((f) => f.language === 'python').length).toBeGreaterThan(3);
  });

  it('produce the same findings through analyze()', () => {
    const one = analyze({ targets: ['.'], cwd: dir, threads: 1 });
    const two = analyze({ targets: ['.'], cwd: dir, threads: 2 });
    expect(two.extraction.workers).toBe(1);
    expect(two.findings).toEqual(one.findings);
    expect(one.findings.length).toBeGreaterThan(0);
  });
});

describe('automatic thread count', () => {
  const MB = 1024 * 1024;
  it('TypeScript on 2 cores: one thread at any size (a thread already keeps ~1.85 cores busy); the old "cores above 2,000 files" gave 2', async () => {
    const { autoThreads } = await import('../src/engine/workers.js');
    // The 7,000-file monorepo of the issue (4.2 s with 1 thread, 5.3 s with auto=2), this
    // checkout's node_modules (3,011 files, 21 MB), the generated 10,000 and a 50,000-file tree.
    expect(autoThreads({ typescript: { files: 7_000, bytes: 40 * MB } }, 2)).toBe(1);
    expect(autoThreads({ typescript: { files: 3_011, bytes: 21 * MB } }, 2)).toBe(1);
    expect(autoThreads({ typescript: { files: 10_000, bytes: 20 * MB } }, 2)).toBe(1);
    expect(autoThreads({ typescript: { files: 50_000, bytes: 150 * MB } }, 2)).toBe(1);
  });

  it('Python on 2 cores: a worker once the estimated work is worth ~17 warm-ups (the 31 MB standard library: yes; its 17 MB test/: no)', async () => {
    const { autoThreads } = await import('../src/engine/workers.js');
    expect(autoThreads({ python: { files: 1_788, bytes: 31.5 * MB } }, 2)).toBe(2);
    expect(autoThreads({ python: { files: 8_600, bytes: 120 * MB } }, 2)).toBe(2);
    expect(autoThreads({ python: { files: 820, bytes: 17 * MB } }, 2)).toBe(1);
    expect(autoThreads({ python: { files: 250, bytes: 4 * MB } }, 2)).toBe(1);
    // Many small files are not much work: bytes decide, not the file count.
    expect(autoThreads({ python: { files: 5_000, bytes: 2 * MB } }, 2)).toBe(1);
  });

  it('mixed trees weigh each language by its estimated time; one core is always one thread; at most 8', async () => {
    const { autoThreads, estimateExtractMs, estimateThreadedMs, MAX_AUTO_THREADS } = await import('../src/engine/workers.js');
    // A little Python in a large TypeScript tree does not buy TypeScript a worker on 2 cores.
    expect(autoThreads({ typescript: { files: 7_000, bytes: 40 * MB }, python: { files: 50, bytes: 1 * MB } }, 2)).toBe(1);
    expect(autoThreads({ typescript: { files: 100, bytes: 1 * MB }, python: { files: 3_000, bytes: 60 * MB } }, 2)).toBe(2);
    expect(autoThreads({ python: { files: 100_000, bytes: 2_000 * MB } }, 1)).toBe(1);
    expect(autoThreads({ python: { files: 100_000, bytes: 2_000 * MB } }, 64)).toBe(MAX_AUTO_THREADS);
    // More cores than one TypeScript thread keeps busy: workers pay for large TypeScript trees too.
    expect(autoThreads({ typescript: { files: 10_000, bytes: 60 * MB } }, 8)).toBeGreaterThan(1);
    expect(autoThreads({ typescript: { files: 300, bytes: 2 * MB } }, 8)).toBe(1);
    // The estimate itself: one thread is the per-KB cost; two on 2 cores are slower for TypeScript.
    expect(estimateExtractMs({ typescript: { files: 1, bytes: 1024 * 1000 } })).toBeCloseTo(150);
    expect(estimateThreadedMs({ typescript: { files: 3_000, bytes: 21 * MB } }, 2, 2)).toBeGreaterThan(estimateExtractMs({ typescript: { files: 3_000, bytes: 21 * MB } }));
    expect(autoThreads({})).toBe(1);
  });

  it('estimates the bytes left to extract per language from a sample of sizes', async () => {
    const { estimateWork } = await import('../src/engine/extract-all.js');
    const files = discover({ root: dir, targets: [dir] });
    const all = files.map((_, i) => i);
    const work = estimateWork(files, all);
    const py = files.filter((f) => f.rel.endsWith('.py'));
    expect(work.python?.files).toBe(py.length);
    expect(work.typescript?.files).toBe(files.length - py.length);
    const tsBytes = files.filter((f) => !f.rel.endsWith('.py')).reduce((n, f) => n + fs.statSync(f.abs).size, 0);
    // 150 generated files + 2: fewer than the sample size, so every file is stat'ed: exact.
    expect(work.typescript?.bytes).toBe(tsBytes);
  });
});

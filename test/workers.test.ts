/**
 * Worker-thread extraction gives exactly what the main thread gives. The worker runs the compiled
 * code in dist/ (`npm test` builds first).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { discover } from '../src/discover/discover.js';
import { extractAll } from '../src/engine/extract-all.js';
import { analyze } from '../src/engine/run.js';
import { workerScript } from '../src/engine/workers.js';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssot-workers-'));
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
  it('uses one thread below the threshold, then the cores, ~1,000 files per thread at least, 8 at most', async () => {
    const { autoThreads, WORKER_THRESHOLD } = await import('../src/engine/workers.js');
    expect(autoThreads(WORKER_THRESHOLD - 1, 2)).toBe(1);
    expect(autoThreads(WORKER_THRESHOLD, 2)).toBe(2);
    expect(autoThreads(10_000, 2)).toBe(2);
    expect(autoThreads(10_000, 1)).toBe(1);
    expect(autoThreads(3_500, 16)).toBe(3);
    expect(autoThreads(100_000, 64)).toBe(8);
  });
});

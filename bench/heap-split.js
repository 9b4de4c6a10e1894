/**
 * Where the heap is at the end of a run: the live heap with the linked index kept, then what each
 * part frees when dropped (after full GCs): the rules' shared analyses (`index.memo`), the index's
 * own tables and memos, then the facts kind by kind. One thread; reads the fact cache if given one.
 *
 * Usage (after `npm run build`):
 *   node --expose-gc bench/heap-split.js bench/out/corpus-50000 [cache-dir]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '.');
const cache = process.argv[3] ? path.resolve(process.argv[3]) : false;
if (!globalThis.gc) {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}
const { analyze } = await import(path.join(ROOT, 'dist/src/engine/run.js'));
const mb = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const dropped = (what) => {
  const before = mb();
  what();
  return Math.round(before - mb());
};

const base = mb();
const result = analyze({ targets: [dir], cwd: dir, cache, keepIndex: true, threads: 1 });
const index = result.index;
const out = { files: index.files.length, heapMb: Math.round(mb() - base), analyses: {}, indexTables: {}, facts: {} };
for (const key of [...index.derived.keys()]) out.analyses[key] = dropped(() => index.derived.delete(key));
for (const key of ['tables', 'exportMemo', 'moduleMemo', 'overrideMemo', 'testMemo']) {
  if (index[key] instanceof Map) out.indexTables[key] = dropped(() => (index[key] = new Map()));
}
const files = index.files;
for (const kind of Object.keys(files[0] ?? {}).filter((k) => Array.isArray(files[0][k]))) {
  out.facts[kind] = dropped(() => {
    for (const f of files) f[kind] = [];
  });
}
out.restMb = Math.round(mb() - base);
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);

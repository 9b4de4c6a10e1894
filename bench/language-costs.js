/**
 * The per-language constants of the 'auto' thread policy (each language plugin's `workerCost`, src/frontends/<lang>/index.ts),
 * measured on one tree, in one process, one thread (after `npm run build`):
 *   msPerKb           extraction (read, hash, parse, facts) per KB of source, second pass (JIT warm)
 *   cold − warm       how much slower the first pass is: the JIT warm-up a new worker pays again
 *   transferOverhead  encoding the entry to JSON (worker) + decoding it (main thread), over the warm extraction
 * `cpuPerThread` comes from bench/thread-cpu.js.
 *
 *   node bench/language-costs.js node_modules/effect/src
 *   node bench/language-costs.js /usr/lib/python3.11
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '.');
const { discover } = await import(path.join(ROOT, 'dist/src/discover/discover.js'));
const { extractEntry } = await import(path.join(ROOT, 'dist/src/engine/extract-all.js'));
const { workLanguage } = await import(path.join(ROOT, 'dist/src/engine/workers.js'));
const { encodeEntry, decodeEntry } = await import(path.join(ROOT, 'dist/src/cache/fact-cache.js'));
const { FactInterner } = await import(path.join(ROOT, 'dist/src/cache/intern.js'));

const files = discover({ root: dir, targets: [dir] });
const by = {};
for (const f of files) {
  const s = (by[workLanguage(f.rel)] ??= { files: 0, kb: 0, coldMs: 0, warmMs: 0, encodeMs: 0, decodeMs: 0 });
  let t = performance.now();
  const r = extractEntry(f);
  s.coldMs += performance.now() - t;
  if (!('entry' in r)) continue;
  s.files++;
  s.kb += r.entry.size / 1024;
  t = performance.now();
  const json = encodeEntry(r.entry);
  s.encodeMs += performance.now() - t;
  t = performance.now();
  decodeEntry(json, new FactInterner());
  s.decodeMs += performance.now() - t;
}
for (const f of files) {
  const t = performance.now();
  extractEntry(f);
  by[workLanguage(f.rel)].warmMs += performance.now() - t;
}
for (const [lang, s] of Object.entries(by)) {
  const r = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
  process.stdout.write(
    `${lang}: ${s.files} files, ${r(s.kb / 1024, 1)} MB; extraction cold ${r(s.coldMs)} ms, warm ${r(s.warmMs)} ms ` +
      `(cold − warm ${r(s.coldMs - s.warmMs)} ms); msPerKb ${r(s.warmMs / s.kb, 3)} (cold ${r(s.coldMs / s.kb, 3)}); ` +
      `encode ${r(s.encodeMs)} + decode ${r(s.decodeMs)} ms: transferOverhead ${r((s.encodeMs + s.decodeMs) / s.warmMs, 2)}\n`,
  );
}

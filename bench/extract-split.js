/**
 * Where a cold run's extraction time and memory go, on one corpus, in one process:
 *   parse    ts.createSourceFile of every file as ssot-lint calls it (JSDoc not parsed)
 *   extract  parse + the facts walk (extractTypeScript), facts kept
 *   facts    their JSON size (as written to the cache, spans packed) and their heap (after a GC)
 *
 * Usage (after `npm run build`; files are read before timing starts):
 *   node --expose-gc bench/extract-split.js bench/out/corpus-10000
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '.');
const { discover } = await import(path.join(ROOT, 'dist/src/discover/discover.js'));
const { extractTypeScript } = await import(path.join(ROOT, 'dist/src/frontends/typescript/extract.js'));
const { encodeEntry } = await import(path.join(ROOT, 'dist/src/cache/fact-cache.js'));
const { ts } = await import('@ts-morph/common');

const files = discover({ root: dir, targets: [dir] }).filter((f) => /\.[cm]?[jt]sx?$/.test(f.rel));
const texts = files.map((f) => fs.readFileSync(f.abs, 'utf8'));
const gc = globalThis.gc ?? (() => {});
const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

// Warm both paths on a few files so JIT compilation is not counted against the first one measured.
for (let i = 0; i < Math.min(50, files.length); i++) extractTypeScript(files[i].rel, texts[i], 'h');

gc();
let t = performance.now();
for (let i = 0; i < files.length; i++) ts.createSourceFile(files[i].rel, texts[i], options, false);
const parseMs = performance.now() - t;

gc();
const heapBefore = process.memoryUsage().heapUsed;
t = performance.now();
const facts = files.map((f, i) => extractTypeScript(f.rel, texts[i], 'h'));
const extractMs = performance.now() - t;
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

t = performance.now();
let jsonBytes = 0;
for (const f of facts) jsonBytes += encodeEntry({ hash: 'h', size: 0, mtimeMs: 0, facts: f, errors: [] }).length;
const encodeMs = performance.now() - t;

const out = {
  files: files.length,
  parseMs: Math.round(parseMs),
  extractMs: Math.round(extractMs),
  walkToParse: Math.round(((extractMs - parseMs) / parseMs) * 100) / 100,
  encodeMs: Math.round(encodeMs),
  factsJsonMb: Math.round(jsonBytes / 1e5) / 10,
  factsHeapMb: globalThis.gc ? Math.round(heapMb) : 'run with --expose-gc',
  heapKbPerFile: globalThis.gc ? Math.round((heapMb * 1000) / files.length * 10) / 10 : undefined,
};
process.stdout.write(`${JSON.stringify(out)}\n`);

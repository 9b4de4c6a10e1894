/**
 * How long each successive block of 250 files takes to parse, or to parse and extract, in a fresh
 * process: the first blocks include compiling and optimising the parser and the walk (JIT warm-up),
 * which a 1,000-file cold run spends most of its extraction on.
 *
 * Usage (after `npm run build`):
 *   node bench/warmup.js bench/out/corpus-5000 parse|extract [files=3000]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '.');
const mode = process.argv[3] ?? 'extract';
const limit = Number(process.argv[4] ?? 3000);
const { discover } = await import(path.join(ROOT, 'dist/src/discover/discover.js'));
const { extractTypeScript } = await import(path.join(ROOT, 'dist/src/frontends/typescript/extract.js'));
const { ts } = await import(path.join(ROOT, 'dist/src/frontends/typescript/ts.js'));

const files = discover({ root: dir, targets: [dir] }).filter((f) => /\.[cm]?[jt]sx?$/.test(f.rel)).slice(0, limit);
const texts = files.map((f) => fs.readFileSync(f.abs, 'utf8'));
const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
const blocks = [];
const kept = [];
let t = performance.now();
for (let i = 0; i < files.length; i++) {
  if (mode === 'parse') ts.createSourceFile(files[i].rel, texts[i], options, false);
  else kept.push(extractTypeScript(files[i].rel, texts[i], 'h'));
  if ((i + 1) % 250 === 0) {
    const now = performance.now();
    blocks.push(Math.round(now - t));
    t = now;
  }
}
const steady = blocks.slice(-4).reduce((a, b) => a + b, 0) / Math.min(4, blocks.length);
const first4 = blocks.slice(0, 4).reduce((a, b) => a + b, 0);
process.stdout.write(`${JSON.stringify({ mode, files: files.length, msPer250: blocks, first1000Ms: first4, steady1000Ms: Math.round(steady * 4) })}\n`);

/**
 * The parse floor: read every source file ssot-lint would analyse and `ts.createSourceFile` it,
 * single-threaded, with the TypeScript that ssot-lint uses (the `ts` bundled by ts-morph), default
 * options (JSDoc parsed, as any tool that calls the parser plainly gets). Nothing is kept.
 * TypeScript is loaded the cheapest plain way, `require()` of its file (no code cache: that is an
 * optimisation of ssot-lint's, not a property of parsing); an ES `import` of @ts-morph/common
 * would cost the floor ~0.17 s more and flatter every ratio.
 * Prints `{ files, bytes, ms }` as JSON. Usage: node bench/floor.js <dir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { discover } from '../dist/src/discover/discover.js';

const require = createRequire(import.meta.url);
const ts = require(path.join(path.dirname(require.resolve('@ts-morph/common')), 'typescript.js'));
const dir = path.resolve(process.argv[2] ?? '.');
const started = performance.now();
const files = discover({ root: dir, targets: [dir] });
let bytes = 0;
for (const f of files) {
  const text = fs.readFileSync(f.abs, 'utf8');
  bytes += text.length;
  const kind = f.rel.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(f.rel) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  ts.createSourceFile(f.rel, text, ts.ScriptTarget.Latest, false, kind);
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, ms: Math.round(performance.now() - started) })}\n`);

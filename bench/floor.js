/**
 * The parse floor: read every source file ssot-lint would analyse and `ts.createSourceFile` it,
 * single-threaded, with the TypeScript that ssot-lint uses (the `ts` bundled by ts-morph, loaded from @ts-morph/common as ssot-lint does), default
 * options (JSDoc parsed, as any tool that calls the parser plainly gets). Nothing is kept.
 * Prints `{ files, bytes, ms }` as JSON. Usage: node bench/floor.js <dir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from '@ts-morph/common';
import { discover } from '../dist/src/discover/discover.js';

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

/**
 * `node scripts/digest.mjs [--root CHECKOUT] [--stdlib] [--drop KEYS] [--out FILE] [--compare FILE]`: a digest of everything
 * a refactoring must not change: the facts of every analysed file and the findings (plus the
 * report's concepts, errors and unresolved-import summary) of every fixture and bench corpus.
 *
 * Run it on the built checkout before a refactoring (`--out before.json`), then after
 * (`--compare before.json`): it prints each corpus or file whose digest differs and exits 1.
 * The facts come from the checkout's own `extractOne` (dist/src/engine/extract-all.js), the
 * findings from its CLI (`bin/ssot-lint.js --no-cache --threads 1 -f json`); timings are dropped.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fg from 'fast-glob';

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = path.resolve(option('--root') ?? HERE);
const compare = option('--compare');
const out = option('--out');
// --drop a,b: leave these keys out wherever they occur (a fact or report field a change added on
// purpose, e.g. `--drop awaitAt,fix` across the autofix change), so the rest is still compared.
const drop = new Set(option('--drop')?.split(',') ?? []);
const stringify = (v) => JSON.stringify(v, drop.size === 0 ? undefined : (k, x) => (drop.has(k) ? undefined : x));

const corpora = [
  ...fs
    .readdirSync(path.join(HERE, 'fixtures'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(HERE, 'fixtures', d.name)),
  path.join(HERE, 'bench/out/corpus-1000'),
  path.join(HERE, 'bench/out/corpus-effect'),
].filter((d) => fs.existsSync(d));
// --stdlib: also the facts of CPython's standard library (the largest Python corpus at hand; its
// findings are compared by `npm run corpora -- --diff`).
const stdlib = args.includes('--stdlib') ? spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout.trim() : undefined;

const { extractOne } = await import(pathToFileURL(path.join(root, 'dist/src/engine/extract-all.js')).href);
const sha = (s) => createHash('sha256').update(s).digest('hex').slice(0, 16);

const EXT = '{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,pyi}';

const digest = { facts: {}, findings: {} };
for (const dir of corpora) {
  const rel = path.relative(HERE, dir);
  for (const file of fg.sync(`**/*.${EXT}`, { cwd: dir, ignore: ['**/node_modules/**'], dot: false }).sort()) {
    const abs = path.join(dir, file);
    const r = extractOne({ abs, rel: path.join(rel, file) }, fs.readFileSync(abs, 'utf8'));
    digest.facts[path.join(rel, file)] = sha(stringify(r));
  }
  const run = spawnSync(process.execPath, [path.join(root, 'bin/ssot-lint.js'), dir, '-f', 'json', '--no-cache', '--threads', '1', '--no-progress'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    digest.findings[rel] = `exit ${run.status}: ${run.stderr.trim().split('\n')[0]}`;
    continue;
  }
  delete report.summary.durationMs;
  delete report.tool;
  delete report.root; // the checkout's absolute path: differs between worktrees
  // Fields added to the concept roll-up for the HTML report (issue 19), which an older checkout
  // lacks: additive, so they are left out of the comparison.
  for (const c of report.concepts ?? []) {
    delete c.names;
    delete c.findings?.fingerprints;
  }
  digest.findings[rel] = sha(stringify(report));
}

if (stdlib) {
  for (const file of fg.sync('**/*.py', { cwd: stdlib, ignore: ['**/site-packages/**', '**/test/**', '**/tests/**'] }).sort()) {
    const abs = path.join(stdlib, file);
    let text;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    digest.facts[`stdlib/${file}`] = sha(stringify(extractOne({ abs, rel: file }, text)));
  }
}

if (out) fs.writeFileSync(out, `${JSON.stringify(digest, null, 1)}\n`);
const files = Object.keys(digest.facts).length;
console.log(`${corpora.length} corpora, ${files} files digested with ${path.relative(process.cwd(), root) || '.'}`);
if (compare) {
  const before = JSON.parse(fs.readFileSync(compare, 'utf8'));
  let differ = 0;
  for (const kind of ['facts', 'findings']) {
    const keys = new Set([...Object.keys(before[kind]), ...Object.keys(digest[kind])]);
    for (const k of [...keys].sort()) {
      if (before[kind][k] === digest[kind][k]) continue;
      differ++;
      if (differ <= 50) console.log(`${kind} differ: ${k} (${before[kind][k] ?? 'absent'} → ${digest[kind][k] ?? 'absent'})`);
    }
  }
  console.log(differ === 0 ? 'identical: every file\'s facts and every corpus\'s findings' : `${differ} digests differ`);
  process.exitCode = differ === 0 ? 0 : 1;
}

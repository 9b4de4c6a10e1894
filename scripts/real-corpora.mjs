/**
 * `npm run corpora [-- --out DIR] [-- --diff DIR] [-- --only a,b] [-- --bin CHECKOUT/bin/ssot-lint.js]`: ssot-lint on the clean real
 * libraries its precision is measured on (docs/accuracy.md), with the built CLI, no cache, one thread.
 *
 * Corpora: CPython's standard library and, from its site-packages, moto, pip, sympy, networkx,
 * IPython and libcst (whatever python3 on PATH has installed; a missing one is skipped with a note),
 * and effect's src/ from node_modules. Each report is written to DIR/<corpus>.json (default
 * bench/out/corpora, git-ignored); the per-rule counts are printed. With --diff OLD, every finding
 * present in one run and not the other is listed (rule, file:line, message), to be read and
 * classified by hand: that is how docs/accuracy.md was made.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = path.resolve(option('--out') ?? path.join(ROOT, 'bench/out/corpora'));
const diff = option('--diff');
const only = option('--only')?.split(',');
// Another build of ssot-lint (an older checkout), to make the run a --diff compares against.
const bin = path.resolve(option('--bin') ?? path.join(ROOT, 'bin/ssot-lint.js'));

const python = (expr) => execFileSync('python3', ['-c', `import sysconfig; print(sysconfig.get_paths()['${expr}'])`], { encoding: 'utf8' }).trim();
const purelib = python('purelib');
const corpora = {
  stdlib: python('stdlib'),
  moto: path.join(purelib, 'moto'),
  pip: path.join(purelib, 'pip'),
  sympy: path.join(purelib, 'sympy'),
  networkx: path.join(purelib, 'networkx'),
  IPython: path.join(purelib, 'IPython'),
  libcst: path.join(purelib, 'libcst'),
  effect: path.join(ROOT, 'node_modules/effect/src'),
};

fs.mkdirSync(out, { recursive: true });
const key = (f) => `${f.ruleId} ${f.file}:${f.line}`;
for (const [name, dir] of Object.entries(corpora)) {
  if (only && !only.includes(name)) continue;
  if (!fs.existsSync(dir)) {
    console.log(`${name}: not installed (${dir}), skipped`);
    continue;
  }
  const file = path.join(out, `${name}.json`);
  const run = spawnSync(process.execPath, [bin, dir, '--format', `json:${file}`, '--no-cache', '--threads', '1', '--no-progress'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status === 2 || !fs.existsSync(file)) {
    console.log(`${name}: failed (${run.stderr.trim().split('\n')[0]})`);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = report.summary;
  console.log(`${name}: ${s.filesScanned} files, ${s.findings} findings ${JSON.stringify(s.byRule)}`);
  if (!diff) continue;
  const oldFile = path.join(path.resolve(diff), `${name}.json`);
  if (!fs.existsSync(oldFile)) continue;
  const before = JSON.parse(fs.readFileSync(oldFile, 'utf8')).findings;
  const was = new Set(before.map(key));
  const now = new Set(report.findings.map(key));
  for (const f of report.findings) if (!was.has(key(f))) console.log(`  + ${key(f)}  ${f.message}`);
  for (const f of before) if (!now.has(key(f))) console.log(`  - ${key(f)}  ${f.message}`);
}

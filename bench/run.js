/**
 * `npm run bench [-- options]`: ssot-lint against the parse floor on generated and real corpora.
 *
 * Per corpus, in one run, interleaved so every measurement sees the same machine load:
 *   floor    read + ts.createSourceFile of every file, single-threaded (bench/floor.js)
 *   cold     ssot-lint with an empty fact cache
 *   warm     ssot-lint again, nothing changed
 *   changed  ssot-lint after one file was edited
 *   --fix    cold and warm again with --fix, on corpora with nothing to fix (issue 18's ≤ 5% bound)
 * and, when /usr/bin/chromium exists, the html report of 10,000 findings opening in it (bench/html-load.js).
 * Each is the median of --runs runs, wall time and peak RSS measured in a child process.
 * Writes a table to stdout and bench/results.json.
 *
 * Options:
 *   --runs N        runs per measurement (default 5; 3 for 10,000 files and more)
 *   --large         add the 5,000 and 50,000 file corpora (scaling and memory targets)
 *   --only a,b      only these corpora (gen-1000, gen-5000, gen-10000, gen-50000, effect)
 *   --compare       also time dependency-cruiser, madge, eslint (typed await-thenable) and
 *                   eslint-plugin-import-x no-cycle on each corpus (1 run each: they are slow)
 *   --compare-max N skip comparison tools on corpora above N files (default 10000)
 *   --threads-compare  instead: cold runs (--no-cache) with --threads 1, --threads auto and
 *                   --threads 2 side by side on real trees (TypeScript/JavaScript: effect's
 *                   src/ and this checkout's whole node_modules; Python: slices of the
 *                   standard library and all of it) and, with --only, the generated corpora.
 *                   Wall (median and fastest run), CPU (all threads), the extraction phase and
 *                   the workers auto chose, medians of --runs (default 3), interleaved. Writes
 *                   bench/out/threads.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate.js';
import { COMPARE_TOOLS, prepareCompare } from './compare.js';
import { measureHtmlLoad } from './html-load.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const OUT = path.join(HERE, 'out');
const BIN = path.join(ROOT, 'bin', 'ssot-lint.js');
const PROBE = path.join(HERE, 'rss-probe.js');

function parseArgs(argv) {
  const o = { runs: undefined, large: false, only: undefined, compare: false, compareMax: 10_000, threadsCompare: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--large') o.large = true;
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--compare') o.compare = true;
    else if (a === '--compare-max') o.compareMax = Number(argv[++i]);
    else if (a === '--threads-compare') o.threadsCompare = true;
    else {
      process.stderr.write(`bench: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  return o;
}

/** Run `node [--import probe] script args` in `cwd`; wall ms, peak RSS bytes, CPU ms, exit code, stdout. */
export function measure(script, args, cwd, { env = {}, timeoutMs = 30 * 60_000 } = {}) {
  const rssFile = path.join(os.tmpdir(), `ssot-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', PROBE, script, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1', SSOT_BENCH_RSS_FILE: rssFile, ...env },
  });
  const ms = performance.now() - started;
  let rss = NaN;
  let cpuMs = NaN;
  try {
    [rss, cpuMs] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
    fs.rmSync(rssFile, { force: true });
  } catch {
    /* killed before exit */
  }
  return { ms, rss, cpuMs, code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function prepareCorpora(o) {
  const sizes = [1000, 10_000, ...(o.large ? [5000, 50_000] : [])];
  const corpora = [];
  for (const n of sizes) {
    const name = `gen-${n}`;
    if (o.only && !o.only.includes(name)) continue;
    const dir = path.join(OUT, `corpus-${n}`);
    const stamp = path.join(dir, '.generated');
    const want = `files=${n} seed=1 generator=${fs.statSync(path.join(HERE, 'generate.js')).mtimeMs}`;
    let info;
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').startsWith(want)) info = JSON.parse(fs.readFileSync(stamp, 'utf8').split('\n')[1]);
    else {
      process.stderr.write(`bench: generating ${n} files…\n`);
      info = generateCorpus(dir, n, 1);
      fs.writeFileSync(stamp, `${want}\n${JSON.stringify(info)}\n`);
    }
    corpora.push({ name, dir, kind: 'generated', files: info.files, bytes: info.bytes, lines: info.lines, planted: info.planted, changeFile: firstFile(dir, 'services') });
  }
  if (!o.only || o.only.includes('effect')) {
    const pkgDir = path.join(ROOT, 'node_modules', 'effect');
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    const dir = path.join(OUT, 'corpus-effect');
    if (!fs.existsSync(path.join(dir, '.copied')) || fs.readFileSync(path.join(dir, '.copied'), 'utf8') !== pkg.version) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.cpSync(path.join(pkgDir, 'src'), path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'effect-src-corpus', private: true, type: 'module' })}\n`);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, exactOptionalPropertyTypes: true }, include: ['src'] }, null, 2)}\n`,
      );
      fs.writeFileSync(path.join(dir, '.copied'), pkg.version);
    }
    let files = 0;
    let bytes = 0;
    let lines = 0;
    for (const f of listTs(path.join(dir, 'src'))) {
      const t = fs.readFileSync(f, 'utf8');
      files++;
      bytes += Buffer.byteLength(t);
      lines += t.split('\n').length;
    }
    corpora.push({ name: 'effect', dir, kind: `real: effect@${pkg.version} src/`, files, bytes, lines, changeFile: path.join(dir, 'src', 'Array.ts') });
  }
  return corpora;
}

function listTs(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function firstFile(dir, sub) {
  const files = listTs(dir).filter((f) => f.includes(`/${sub}/`)).sort();
  return files[0];
}

const LINT_ENV = { env: { SSOT_TIMING: '1' } };

/** The phase line `SSOT_TIMING=1` makes ssot-lint print on stderr. */
function timingOf(stderr) {
  const m = /^ssot-lint timing: (.*)$/m.exec(stderr);
  try {
    return m ? JSON.parse(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function lintArgs(cacheDir) {
  return ['--format', 'json', '--no-progress', '--cache-location', cacheDir, '.'];
}

function parseReport(stdout) {
  try {
    const r = JSON.parse(stdout);
    return { findings: r.summary.findings, byRule: r.summary.byRule, filesScanned: r.summary.filesScanned, errors: r.errors.length, fixable: r.findings.filter((f) => f.fix).length };
  } catch {
    return undefined;
  }
}

function benchCorpus(c, runs) {
  const cacheDir = path.join(OUT, 'cache', c.name);
  // The per-user cache directory (TypeScript's code cache, the cache secret): the bench's own, emptied for a cold run.
  const userDir = path.join(OUT, 'user-cache', c.name);
  const env = { env: { ...LINT_ENV.env, SSOT_LINT_USER_CACHE: userDir } };
  const samples = { floor: [], cold: [], warm: [], changed: [], coldFix: [], warmFix: [] };
  const original = fs.readFileSync(c.changeFile, 'utf8');
  const loadAvgAtStart = os.loadavg().map((x) => round(x));
  let report;
  let floorInfo;
  const check = (r, what) => {
    if (r.code !== 0 && r.code !== 1) throw new Error(`${c.name} ${what}: exit ${r.code ?? r.signal}\n${r.stderr.slice(0, 2000)}`);
  };
  try {
    for (let run = 0; run < runs; run++) {
      process.stderr.write(`bench: ${c.name} run ${run + 1}/${runs}\n`);
      const floor = measure(path.join(HERE, 'floor.js'), ['.'], c.dir);
      check(floor, 'floor');
      floorInfo = JSON.parse(floor.stdout);
      samples.floor.push(floor);

      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.rmSync(userDir, { recursive: true, force: true });
      const cold = measure(BIN, lintArgs(cacheDir), c.dir, env);
      check(cold, 'cold');
      report ??= parseReport(cold.stdout);
      samples.cold.push(cold);

      const warm = measure(BIN, lintArgs(cacheDir), c.dir, env);
      check(warm, 'warm');
      samples.warm.push(warm);

      // --fix on a project with nothing to fix (issue 18: at most 5% more than a plain run), cold
      // and warm; a corpus with fixable findings would be changed by it, so it is not measured there.
      if (report?.fixable === 0) {
        const warmFix = measure(BIN, [...lintArgs(cacheDir), '--fix'], c.dir, env);
        check(warmFix, 'warm --fix');
        samples.warmFix.push(warmFix);
        fs.rmSync(cacheDir, { recursive: true, force: true });
        fs.rmSync(userDir, { recursive: true, force: true });
        const coldFix = measure(BIN, [...lintArgs(cacheDir), '--fix'], c.dir, env);
        check(coldFix, 'cold --fix');
        samples.coldFix.push(coldFix);
      }

      // A code edit that changes the file's facts (a new exported function with a call), so the
      // run links and runs the rules again: a comment-only edit would be served from the result cache.
      fs.writeFileSync(c.changeFile, `${original}\nexport function benchEdit${run}(value: unknown): string {\n  return String(value).trim();\n}\n`);
      const changed = measure(BIN, lintArgs(cacheDir), c.dir, env);
      check(changed, 'changed');
      samples.changed.push(changed);
    }
  } finally {
    fs.writeFileSync(c.changeFile, original);
  }
  const m = {};
  for (const [k, list] of Object.entries(samples)) {
    if (list.length === 0) continue;
    m[k] = { wallMs: Math.round(median(list.map((s) => s.ms))), peakRssMb: Math.round(median(list.map((s) => s.rss)) / 1048576), runsMs: list.map((s) => Math.round(s.ms)) };
    const phases = list.map((s) => timingOf(s.stderr)).filter(Boolean);
    if (phases.length > 0) {
      const med = (key) => Math.round(median(phases.map((p) => p[key])));
      m[k].phasesMs = {
        discover: med('discoverMs'),
        extract: med('extractMs'),
        linkAndRules: med('linkAndRulesMs'),
        startupAndReport: Math.round(median(list.map((s, i) => s.ms - (phases[i]?.totalMs ?? NaN)))),
      };
      m[k].parsed = med('parsed');
      m[k].cached = med('cached');
      m[k].workers = med('workers');
      // 'unchanged' / 'same-facts' when the findings came from the result cache.
      const reused = phases.map((p) => p.results).filter(Boolean);
      if (reused.length > 0) m[k].resultsReused = `${reused.length}/${phases.length} ${[...new Set(reused)].join(', ')}`;
    }
  }
  m.floor.parseMs = floorInfo?.ms;
  return {
    corpus: c.name,
    kind: c.kind,
    files: c.files,
    bytes: c.bytes,
    lines: c.lines,
    ...(c.planted ? { planted: c.planted } : {}),
    report,
    runs,
    loadAvgAtStart,
    ...m,
    ratios: {
      coldToFloor: round(m.cold.wallMs / m.floor.wallMs),
      warmToCold: round(m.warm.wallMs / m.cold.wallMs),
      changedToCold: round(m.changed.wallMs / m.cold.wallMs),
      ...(m.coldFix ? { coldFixToCold: round(m.coldFix.wallMs / m.cold.wallMs), warmFixToWarm: round(m.warmFix.wallMs / m.warm.wallMs) } : {}),
    },
    perFileColdMs: round(m.cold.wallMs / c.files, 3),
  };
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  if (o.threadsCompare) {
    threadsCompare(o);
    return;
  }
  const corpora = prepareCorpora(o);
  const results = [];
  for (const c of corpora) {
    const runs = o.runs ?? (c.files >= 10_000 ? 3 : 5);
    const r = benchCorpus(c, runs);
    if (o.compare && c.files <= o.compareMax) r.compare = runCompare(c, r);
    results.push(r);
  }
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvgAtEnd: os.loadavg().map((x) => round(x)) };
  // The html report of a large project opening in Chromium (issue 19), when Chromium is installed.
  const html = await measureHtmlLoad();
  const out = { generatedAt: new Date().toISOString(), machine, results, ...(html ? { html } : {}) };
  fs.writeFileSync(path.join(HERE, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);

  const rows = results.map((r) => [
    r.corpus,
    r.files,
    `${r.floor.wallMs} ms`,
    `${r.cold.wallMs} ms (${r.ratios.coldToFloor}×)`,
    `${r.warm.wallMs} ms (${r.ratios.warmToCold}× cold)`,
    `${r.changed.wallMs} ms (${r.ratios.changedToCold}× cold)`,
    `${r.floor.peakRssMb}/${r.cold.peakRssMb}/${r.warm.peakRssMb} MB`,
    r.report ? r.report.findings : '?',
  ]);
  process.stdout.write(`\n${table(rows, ['corpus', 'files', 'floor', 'cold', 'warm', 'one changed', 'peak RSS floor/cold/warm', 'findings'])}\n`);
  const prow = [];
  for (const r of results) {
    for (const k of ['cold', 'warm', 'changed']) {
      const p = r[k].phasesMs;
      if (p) prow.push([r.corpus, k, r[k].wallMs, p.startupAndReport, p.discover, p.extract, p.linkAndRules, `${r[k].parsed} parsed, ${r[k].cached} cached, ${r[k].workers} workers${r[k].resultsReused ? `, findings reused (${r[k].resultsReused})` : ''}`]);
    }
  }
  process.stdout.write(`\n${table(prow, ['corpus', 'run', 'wall ms', 'start-up+report', 'discover', 'parse/cache', 'link+rules', 'files'])}\n`);
  const cmp = results.filter((r) => r.compare);
  if (cmp.length > 0) {
    const crow = [];
    for (const r of cmp) {
      for (const t of r.compare) crow.push([r.corpus, t.tool, t.ok ? `${t.wallMs} ms` : `failed (${t.note})`, t.ok ? `${round(t.wallMs / r.cold.wallMs)}× ours cold` : '', t.ok ? `${t.peakRssMb} MB` : '', t.result ?? '']);
    }
    process.stdout.write(`\n${table(crow, ['corpus', 'tool', 'wall', 'vs ssot-lint cold', 'peak RSS', 'result'])}\n`);
  }
  const frow = results.filter((r) => r.coldFix).map((r) => [r.corpus, `${r.cold.wallMs} / ${r.coldFix.wallMs} ms (${r.ratios.coldFixToCold}×)`, `${r.warm.wallMs} / ${r.warmFix.wallMs} ms (${r.ratios.warmFixToWarm}×)`]);
  if (frow.length > 0) process.stdout.write(`\n${table(frow, ['corpus (nothing to fix)', 'cold plain / --fix', 'warm plain / --fix'])}\n`);
  const skipped = results.filter((r) => !r.coldFix).map((r) => `${r.corpus} (${r.report?.fixable ?? '?'} fixable)`);
  if (skipped.length > 0) process.stdout.write(`--fix not measured on ${skipped.join(', ')}: it would change the corpus\n`);
  if (html) process.stdout.write(`\nhtml report, ${html.findings} findings / ${html.concepts} concepts: ${(html.bytes / 1048576).toFixed(2)} MB, opens in ${html.loadMsMedian} ms (median of ${html.loadMsRuns.length})\n`);
  else process.stdout.write('\nhtml report load not measured: /usr/bin/chromium is missing\n');
  process.stdout.write(`\nmachine: ${machine.cpus} cores, load average at end ${machine.loadAvgAtEnd.join(' ')}; results in bench/results.json\n`);
}

/** The Python standard library of the `python3` on PATH (or $SSOT_BENCH_PYTHON_STDLIB), if any. */
function pythonStdlib() {
  if (process.env.SSOT_BENCH_PYTHON_STDLIB) return process.env.SSOT_BENCH_PYTHON_STDLIB;
  const r = spawnSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir && fs.existsSync(dir) ? dir : undefined;
}

/** Real trees for --threads-compare: [name, cwd, targets]. Discovery skips site-packages, node_modules inside them, dist… */
function threadCorpora(o) {
  const list = [
    ['ts-effect', path.join(ROOT, 'node_modules', 'effect', 'src'), ['.']],
    ['ts-node_modules', path.join(ROOT, 'node_modules'), ['.']],
  ];
  const py = pythonStdlib();
  if (py) {
    list.push(['py-stdlib-small', py, ['asyncio', 'email', 'json', 'http', 'concurrent']]);
    list.push(['py-stdlib-test', py, ['test']]);
    list.push(['py-stdlib', py, ['.']]);
  } else process.stderr.write('bench: no python3 standard library found (set SSOT_BENCH_PYTHON_STDLIB): Python rows skipped\n');
  for (const c of prepareCorpora({ ...o, only: (o.only ?? []).filter((n) => n.startsWith('gen-')), large: true })) {
    if (c.kind === 'generated') list.push([c.name, c.dir, ['.']]);
  }
  return list.filter(([name]) => !o.only || o.only.includes(name));
}

function threadsCompare(o) {
  const runs = o.runs ?? 3;
  const configs = ['1', 'auto', '2'];
  const results = [];
  for (const [name, cwd, targets] of threadCorpora(o)) {
    const samples = Object.fromEntries(configs.map((c) => [c, []]));
    const loadAvgAtStart = os.loadavg().map((x) => round(x));
    for (let run = 0; run < runs; run++) {
      for (const threads of configs) {
        process.stderr.write(`bench: ${name} --threads ${threads} run ${run + 1}/${runs}\n`);
        const r = measure(BIN, ['--format', 'json', '--no-progress', '--no-cache', '--threads', threads, ...targets], cwd, LINT_ENV);
        if (r.code !== 0 && r.code !== 1) throw new Error(`${name} --threads ${threads}: exit ${r.code ?? r.signal}\n${r.stderr.slice(0, 2000)}`);
        samples[threads].push({ ...r, timing: timingOf(r.stderr) });
      }
    }
    const row = { corpus: name, cwd, targets, runs, loadAvgAtStart };
    for (const c of configs) {
      const list = samples[c];
      const t = list[0].timing ?? {};
      row[`threads-${c}`] = {
        wallMs: Math.round(median(list.map((s) => s.ms))),
        // On a shared machine the fastest run is the least disturbed one: shown beside the median.
        minWallMs: Math.round(Math.min(...list.map((s) => s.ms))),
        cpuMs: Math.round(median(list.map((s) => s.cpuMs))),
        extractMs: Math.round(median(list.map((s) => s.timing?.extractMs))),
        workers: median(list.map((s) => s.timing?.workers)),
        runsMs: list.map((s) => Math.round(s.ms)),
      };
      row.files = t.total;
    }
    row.autoToOne = round(row['threads-auto'].wallMs / row['threads-1'].wallMs);
    row.twoToOne = round(row['threads-2'].wallMs / row['threads-1'].wallMs);
    results.push(row);
    process.stderr.write(`bench: ${name}: 1 thread ${row['threads-1'].wallMs} ms, auto ${row['threads-auto'].wallMs} ms (${row['threads-auto'].workers + 1} threads), 2 threads ${row['threads-2'].wallMs} ms\n`);
  }
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAvgAtEnd: os.loadavg().map((x) => round(x)) };
  fs.writeFileSync(path.join(OUT, 'threads.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
  const rows = results.map((r) => [
    r.corpus,
    r.files,
    `${r['threads-1'].wallMs} ms (min ${r['threads-1'].minWallMs}; cpu ${r['threads-1'].cpuMs})`,
    `${r['threads-auto'].wallMs} ms (min ${r['threads-auto'].minWallMs}; cpu ${r['threads-auto'].cpuMs}), ${r['threads-auto'].workers + 1} thr`,
    `${r['threads-2'].wallMs} ms (min ${r['threads-2'].minWallMs}; cpu ${r['threads-2'].cpuMs})`,
    `${r.autoToOne}×`,
    `${r.twoToOne}×`,
    `${r['threads-1'].extractMs} / ${r['threads-auto'].extractMs} / ${r['threads-2'].extractMs}`,
  ]);
  process.stdout.write(`\n${table(rows, ['corpus', 'files', '--threads 1', '--threads auto', '--threads 2', 'auto / 1', '2 / 1', 'extract ms 1 / auto / 2'])}\n`);
  process.stdout.write(`\nmachine: ${machine.cpus} cores, load average at end ${machine.loadAvgAtEnd.join(' ')}; medians of ${runs}; results in bench/out/threads.json\n`);
}

function runCompare(c, ours) {
  const out = [];
  const prepared = prepareCompare(c, OUT);
  for (const tool of COMPARE_TOOLS) {
    process.stderr.write(`bench: ${c.name} compare ${tool.name}\n`);
    const inv = tool.invocation(prepared);
    const r = measure(inv.script, inv.args, c.dir, { timeoutMs: 20 * 60_000 });
    const ok = r.code !== null && inv.okCodes.includes(r.code);
    out.push({
      tool: tool.name,
      checks: tool.checks,
      ok,
      wallMs: Math.round(r.ms),
      peakRssMb: Math.round(r.rss / 1048576),
      ratioToOursCold: round(r.ms / ours.cold.wallMs),
      ...(ok ? { result: tool.summarise(r.stdout, r.stderr) } : { note: r.signal ? `killed: ${r.signal}` : `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]?.slice(0, 200)}` }),
    });
  }
  return out;
}

await main();

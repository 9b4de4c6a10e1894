/**
 * `node bench/html-load.js [--findings N] [--concepts N] [--runs N]` (after `npm run build`): how
 * long the html report of a large project takes to open in headless Chromium, and how big it is.
 *
 * A synthetic ReportData (default 10,000 findings in 5,000 causes over 2,000 files, 500 concepts of
 * 3 implementations, 2 names, 3 import paths and 2 factories each, 2,000 code frames: the CLI's
 * bound) is rendered by the real reporter (dist/src/report/html.js) to bench/out/html-load.html and
 * opened from file:// --runs times (default 5) in a fresh page; the time is from navigation to the
 * page marking itself ready (data parsed, summary, first page of concepts and findings in the DOM).
 * Target (issue 19): under 2 s and under 10 MB. Prints the median and writes bench/out/html-load.json.
 * test/html-report.test.ts builds the same data (bigReportData) and logs the same measurement.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const RULES = ['duplicate-implementation', 'divergent-import-path', 'direct-instantiation', 'awaited-sync-call', 'fallback-bypass', 'shared-mutable-state', 'import-cycle', 'alias-divergence'];
const SEVERITY = { 'duplicate-implementation': 'warning', 'divergent-import-path': 'warning', 'import-cycle': 'warning' };

/** A ReportData for `findings` findings and `concepts` concepts (deterministic). */
export function bigReportData(findings = 10_000, concepts = 500) {
  const fileCount = Math.max(10, Math.floor(findings / 5));
  const file = (i) => `packages/pkg${i % 40}/src/feature${Math.floor(i / 40) % 50}/module-${i}.ts`;
  const list = [];
  for (let i = 0; i < findings; i++) {
    const ruleId = RULES[i % RULES.length];
    const c = i % concepts;
    const f = file((i * 7) % fileCount);
    const line = 1 + ((i * 13) % 300);
    const cause = `${ruleId}:cause-${Math.floor(i / 16)}`; // causes of 2 sites (i, i + 8)
    const other = file((i * 11 + 3) % fileCount);
    list.push({
      ruleId,
      severity: SEVERITY[ruleId] ?? 'error',
      message: `Service${c}Manager is constructed here with \`new Service${c}Manager()\` although getService${c}Manager() in ${other} caches the one instance (finding ${i}).`,
      file: f,
      line,
      column: 3 + (i % 20),
      endLine: line,
      endColumn: 30,
      symbol: `Service${c}Manager`,
      related: [
        { file: other, line: 12, column: 1, message: `getService${c}Manager() caches Service${c}Manager` },
        { file: file(c % fileCount), line: 4, column: 14, message: `class Service${c}Manager` },
      ],
      chain: [
        { file: f, line: 1, column: 1, text: `import { Service${c}Manager } from '../core'` },
        { file: file(c % fileCount), line: 4, column: 14, text: `class Service${c}Manager` },
      ],
      fingerprint: i.toString(16).padStart(20, '0'),
      cause,
      causeTitle: `Service${c}Manager is cached by getService${c}Manager(): construct it there only`,
      site: `new Service${c}Manager() in handler${i}()`,
    });
  }
  list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const conceptList = [];
  for (let c = 0; c < concepts; c++) {
    const impl = (k) => {
      const f = file((c * 3 + k) % fileCount);
      return { id: `${f}#Service${c}Manager${k ? `V${k}` : ''}`, name: `Service${c}Manager${k ? `V${k}` : ''}`, file: f, line: 4, imports: 10 - k * 3 };
    };
    const implementations = [impl(0), impl(1), impl(2)];
    const fingerprints = [];
    for (let i = c; i < findings; i += concepts) fingerprints.push(i.toString(16).padStart(20, '0'));
    conceptList.push({
      name: `Service${c}Manager`,
      sources: ['duplicates', 'factory'],
      canonical: { id: implementations[0].id, name: implementations[0].name, file: implementations[0].file, line: 4 },
      implementations,
      importPaths: [0, 1, 2].map((k) => ({ symbol: implementations[k % 2].id, via: file((c * 5 + k) % fileCount), uses: 1 + k })),
      factories: [
        { name: `getService${c}Manager`, file: file((c * 11 + 3) % fileCount), line: 12, kind: 'cached' },
        { name: `createService${c}Manager`, file: file((c * 13 + 1) % fileCount), line: 8, kind: 'fresh' },
      ],
      names: [
        { name: `Service${c}Manager`, file: file((c * 17 + 2) % fileCount), line: 2, how: 'rename', target: implementations[1].id, importers: 2 },
        { name: `Service${c}`, file: file((c * 19 + 5) % fileCount), line: 3, how: 'alias', target: implementations[0].id, importers: 1 },
      ],
      findings: { total: fingerprints.length, byRule: { 'direct-instantiation': fingerprints.length }, suppressed: 0, fingerprints },
    });
  }
  const codeFrames = {};
  for (const f of list.slice(0, 2000)) {
    const frames = (codeFrames[f.file] ??= []);
    frames.push({ start: Math.max(1, f.line - 2), lines: [0, 1, 2, 3, 4].map((k) => `  const manager${k} = new ${f.symbol}(config, { retries: ${k}, timeoutMs: 1000 }); // line`) });
  }
  return {
    toolVersion: '0.1.0',
    root: '/work/big-project',
    pathPrefix: '',
    filesScanned: fileCount,
    findings: list,
    errors: [],
    durationMs: 12_345,
    rules: RULES.map((id) => ({ id, severity: SEVERITY[id] ?? 'error', summary: `${id} summary`, helpUri: `https://github.com/ssot-lint/ssot-lint/blob/main/docs/rules/${id}.md` })),
    concepts: conceptList,
    codeFrames,
  };
}

/** Open `file` in a fresh page of `browser`: milliseconds to ready, and the requests it made. */
export async function timeLoad(browser, file) {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const t0 = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  const ms = performance.now() - t0;
  await page.close();
  return { ms, requests };
}

/** Render and open the report (`npm run bench` records it too); undefined without Chromium. */
export async function measureHtmlLoad({ findings = 10_000, concepts = 500, runs = 5 } = {}) {
  if (!fs.existsSync(CHROMIUM)) return undefined;
  const { htmlReporter } = await import(pathToFileURL(path.join(HERE, '../dist/src/report/html.js')).href);
  const { chromium } = await import('playwright-core');
  const data = bigReportData(findings, concepts);
  const t0 = performance.now();
  const { output } = htmlReporter(data, { color: false, quiet: false, explain: false });
  const renderMs = performance.now() - t0;
  const out = path.join(HERE, 'out');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, 'html-load.html');
  fs.writeFileSync(file, output);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const times = [];
  try {
    await timeLoad(browser, file); // warm-up: the browser's own start-up is not the page's
    for (let i = 0; i < runs; i++) times.push((await timeLoad(browser, file)).ms);
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const result = {
    findings,
    concepts,
    bytes: Buffer.byteLength(output),
    renderMs: Math.round(renderMs),
    loadMsMedian: Math.round(times[Math.floor(times.length / 2)]),
    loadMsRuns: times.map((t) => Math.round(t)),
  };
  fs.writeFileSync(path.join(out, 'html-load.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function main() {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const findings = arg('--findings', 10_000);
  const concepts = arg('--concepts', 500);
  const runs = arg('--runs', 5);
  const result = await measureHtmlLoad({ findings, concepts, runs });
  if (!result) {
    console.error(`bench/html-load: ${CHROMIUM} is missing (apt-get install chromium); nothing measured`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `html report, ${findings} findings / ${concepts} concepts: ${(result.bytes / 1048576).toFixed(2)} MB, rendered in ${result.renderMs} ms, opens in ${result.loadMsMedian} ms (median of ${runs}; ${result.loadMsRuns.join(', ')})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();

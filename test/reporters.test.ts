/**
 * SARIF, GitHub annotations, markdown and several outputs in one run: end to end on the sprawl
 * fixture (every SARIF validated against the vendored 2.1.0 schema and GitHub's constraints), and
 * directly on synthetic ReportData for the edges (escaping, limits, truncation).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/model/findings.js';
import { githubReporter } from '../src/report/github.js';
import { MARKDOWN_MAX_ROWS, markdownReporter } from '../src/report/markdown.js';
import { MAX_SARIF_RESULTS, sarifReporter } from '../src/report/sarif.js';
import { textReporter } from '../src/report/text.js';
import type { ReportData } from '../src/report/types.js';
import { runCli } from './helpers/cli.js';
import { listFiles, readExpectations } from './helpers/labels.js';
import { git, makeProject, SMALL_PROJECT } from './helpers/project.js';
import { assertValidSarif } from './helpers/sarif.js';
import { assertValidReport } from './helpers/schema.js';
import { tempDir } from './helpers/temp.js';

const SPRAWL = 'fixtures/websocket-sprawl';
const OPTS = { color: false, quiet: false, explain: false };

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    automationDetails: { id: string };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }[];
      partialFingerprints: Record<string, string>;
      codeFlows?: { threadFlows: { locations: { location: { physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } } }[] }[] }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

function finding(i: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'awaited-sync-call',
    severity: 'error',
    message: `message ${i}`,
    file: `src/f${i}.ts`,
    line: 1 + (i % 50),
    column: 1,
    endLine: 1 + (i % 50),
    endColumn: 5,
    related: [],
    fingerprint: i.toString(16).padStart(20, '0'),
    ...over,
  };
}

function data(findings: Finding[], over: Partial<ReportData> = {}): ReportData {
  return {
    toolVersion: '1.2.3',
    root: '/repo',
    pathPrefix: '',
    repoRoot: '/repo',
    filesScanned: 10,
    findings,
    errors: [],
    durationMs: 5,
    rules: [
      { id: 'awaited-sync-call', severity: 'error', summary: 'await on a call whose callee is synchronous' },
      { id: 'duplicate-implementation', severity: 'warning', summary: 'several concrete classes implementing one concept' },
    ],
    ...over,
  };
}

describe('SARIF', () => {
  it('describes the sprawl fixture: driver, rules, results with relative locations, fingerprints, code flows', async () => {
    const r = await runCli([SPRAWL, '--no-cache', '-f', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    assertValidSarif(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(run.tool.driver).toMatchObject({ name: 'ssot-lint', version: pkg.version, informationUri: expect.stringMatching(/^https:\/\//) });
    const ids = run.tool.driver.rules.map((x) => x.id);
    expect(ids).toContain('awaited-sync-call');
    expect(ids).toContain('unused-suppression');
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    // The doc's "What it finds" becomes the full description where a doc exists.
    expect(run.tool.driver.rules.find((x) => x.id === 'awaited-sync-call')!.fullDescription.text).toMatch(/^`await f\(\)` where `f` resolves/);
    expect(run.automationDetails.id).toBe('ssot-lint/');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${path.resolve('.')}/`);

    const json = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'json'])).stdout) as { findings: { fingerprint: string; ruleId: string; file: string; line: number }[] };
    expect(run.results).toHaveLength(json.findings.length);
    run.results.forEach((res, i) => {
      const f = json.findings[i]!;
      expect(res.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
      expect(res.partialFingerprints).toEqual({ 'ssot/v1': f.fingerprint });
      expect(res.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: f.file, uriBaseId: '%SRCROOT%' });
      expect(res.locations[0]!.physicalLocation.region.startLine).toBe(f.line);
    });
    const awaited = run.results.find((x) => x.ruleId === 'awaited-sync-call')!;
    expect(awaited.level).toBe('error');
    expect(awaited.relatedLocations![0]!.message.text).toBe('synchronous definition of getWebSocketManager()');
    const steps = awaited.codeFlows![0]!.threadFlows[0]!.locations.map((l) => l.location.message.text);
    expect(steps.slice(0, 2)).toEqual(["import { getWebSocketManager } from '@app/core'", "export { getWebSocketManager } from './factory'"]);
    const json2 = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'json', '--rule', 'awaited-sync-call'])).stdout) as { findings: { chain: { text: string }[] }[] };
    expect(steps).toEqual(json2.findings[0]!.chain.map((c) => c.text));
    expect(run.results.find((x) => x.ruleId === 'duplicate-implementation')!.level).toBe('warning');
    // Deterministic: no timestamps, no durations.
    expect((await runCli([SPRAWL, '--no-cache', '-f', 'sarif'])).stdout).toBe(r.stdout);
  });

  it('prefixes paths so they are relative to the repository root when the project is in a subdirectory', async () => {
    const repo = makeProject(Object.fromEntries(Object.entries(SMALL_PROJECT).map(([k, v]) => [`packages/app/${k}`, v])));
    git(repo, 'init', '-q');
    const log = JSON.parse((await runCli(['-f', 'sarif'], path.join(repo, 'packages/app'))).stdout) as SarifLog;
    assertValidSarif(log);
    const uris = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.every((u) => u.startsWith('packages/app/src/'))).toBe(true);
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${repo}/`);
    expect(log.runs[0]!.automationDetails.id).toBe('ssot-lint/packages/app/');
    const annotations = (await runCli(['-f', 'github'], path.join(repo, 'packages/app'))).stdout;
    expect(annotations).toContain('file=packages/app/src/chat.ts,');
    // GITHUB_WORKSPACE wins when set (Actions resolves paths from there).
    const ws = (await runCli(['-f', 'github'], path.join(repo, 'packages/app'), { GITHUB_WORKSPACE: path.join(repo, 'packages') })).stdout;
    expect(ws).toContain('file=app/src/chat.ts,');
  });

  it('percent-encodes file names into valid relative URIs', () => {
    const log = JSON.parse(sarifReporter(data([finding(1, { file: 'src/my file#1 [id].ts', related: [{ file: 'a b.ts', line: 2, column: 3, message: 'there' }] })]), OPTS).output) as SarifLog;
    assertValidSarif(log);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/my%20file%231%20%5Bid%5D.ts');
    expect(log.runs[0]!.results[0]!.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toBe('a%20b.ts');
  });

  it(`keeps at most ${MAX_SARIF_RESULTS} results (GitHub rejects more): errors first, suppressed last, and says so`, () => {
    const many = Array.from({ length: MAX_SARIF_RESULTS + 10 }, (_, i) =>
      finding(i, i < 20 ? { suppressed: { kind: 'baseline' } } : i < 40 ? { severity: 'warning', ruleId: 'duplicate-implementation' } : {}),
    );
    const log = JSON.parse(sarifReporter(data(many), OPTS).output) as SarifLog;
    assertValidSarif(log);
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(MAX_SARIF_RESULTS);
    expect(results.filter((x) => x.level === 'warning')).toHaveLength(20);
    expect(results.filter((x) => x.suppressions)).toHaveLength(10);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(/^10 of 25010 results left out: GitHub code scanning rejects a run with more than 25000 results/);
  });

  it('reports files that could not be analysed as tool notifications', () => {
    const log = JSON.parse(sarifReporter(data([], { errors: [{ file: 'src/bad.ts', kind: 'parse-error', message: 'does not parse', line: 3, column: 4 }] }), OPTS).output) as SarifLog;
    assertValidSarif(log);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications![0]!.message.text).toBe('src/bad.ts: does not parse');
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('GitHub annotations', () => {
  it('prints one workflow command per finding that counts, mapped by severity', () => {
    const out = githubReporter(
      data([
        finding(1, { related: [{ file: 'src/def.ts', line: 9, column: 2, message: 'synchronous definition' }] }),
        finding(2, { severity: 'warning', ruleId: 'duplicate-implementation' }),
        finding(3, { severity: 'info' }),
        finding(4, { suppressed: { kind: 'inline', justification: 'x' } }),
      ]),
      OPTS,
    ).output;
    expect(out.split('\n')).toEqual([
      '::error file=src/f1.ts,line=2,col=1,endLine=2,endColumn=5,title=awaited-sync-call::message 1%0A↳ src/def.ts:9:2 synchronous definition',
      '::warning file=src/f2.ts,line=3,col=1,endLine=3,endColumn=5,title=duplicate-implementation::message 2',
      '::notice file=src/f3.ts,line=4,col=1,endLine=4,endColumn=5,title=awaited-sync-call::message 3',
      '',
    ]);
  });

  it('escapes per GitHub: %, CR and LF in the message; also : and , in properties', () => {
    const out = githubReporter(data([finding(1, { file: 'src/a,b:c%.ts', message: '100% sure:\r\nline two, really' })]), OPTS).output;
    expect(out).toBe('::error file=src/a%2Cb%3Ac%25.ts,line=2,col=1,endLine=2,endColumn=5,title=awaited-sync-call::100%25 sure:%0D%0Aline two, really\n');
  });

  it('on the sprawl fixture: --explain adds the chain, --quiet keeps errors, suppressed never appear', async () => {
    const plain = await runCli([SPRAWL, '--no-cache', '-f', 'github']);
    expect(plain.code).toBe(1);
    const lines = plain.stdout.trim().split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) file=fixtures\/websocket-sprawl\/src\/[^,]+,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[a-z-]+::.+/.test(l))).toBe(true);
    // One command per finding of the JSON report, in its order (one registry-key-inconsistency finding
    // covers the lookup and the removal of one key, issue 15).
    const report = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'json'])).stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(lines.map((l) => /file=([^,]+),line=(\d+),.*title=([a-z-]+)::/.exec(l)!.slice(1).join(' '))).toEqual(report.findings.map((f) => `${f.file} ${f.line} ${f.ruleId}`));
    const explained = (await runCli([SPRAWL, '--no-cache', '-f', 'github', '--explain'])).stdout;
    expect(explained).toContain("%0A→ fixtures/websocket-sprawl/src/core/index.ts:3 export { getWebSocketManager } from './factory'");
    expect((await runCli([SPRAWL, '--no-cache', '-f', 'github', '--quiet'])).stdout).not.toContain('::warning');
  });
});

describe('GitLab code quality', () => {
  it('lists the findings that count with check name, severity, fingerprint and location', async () => {
    const out = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'gitlab'])).stdout) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    const report = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'json'])).stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(out.map((i) => `${i.location.path} ${i.location.lines.begin} ${i.check_name}`)).toEqual(report.findings.map((f) => `${f.file} ${f.line} ${f.ruleId}`));
    expect(new Set(out.map((i) => i.fingerprint)).size).toBe(out.length);
    expect(out.find((i) => i.check_name === 'awaited-sync-call')).toMatchObject({ severity: 'major', location: { path: 'fixtures/websocket-sprawl/src/services/chat-service.ts', lines: { begin: 6 } } });
    expect(out.find((i) => i.check_name === 'duplicate-implementation')!.severity).toBe('minor');
  });
});

describe('markdown', () => {
  it('counts per rule and lists the first findings as a table', async () => {
    const r = await runCli([SPRAWL, '--no-cache', '-f', 'markdown']);
    expect(r.stdout).toMatch(/^## ssot-lint: ❌ 16 findings \(11 errors, 5 warnings\)\n\n17 files scanned\n/);
    expect(r.stdout).toContain('| Rule | Findings |\n|---|---:|\n| `alias-divergence` | 1 |');
    expect(r.stdout).toContain('| `divergent-import-path` | 2 |');
    expect(r.stdout).toContain('| 🔴 error | `fixtures/websocket-sprawl/src/services/chat-service.ts:6:27` | `awaited-sync-call` | `await getWebSocketManager()` has no effect');
  });

  it(`stops the table after ${MARKDOWN_MAX_ROWS} rows and escapes cells`, () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 5 }, (_, i) => finding(i, { message: i === 0 ? 'a | b <script>\nc' : `m${i}` }));
    const out = markdownReporter(data(many), OPTS).output;
    expect(out.split('\n').filter((l) => l.startsWith('| 🔴'))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(out).toContain('_…and 5 more: see the full report');
    expect(out).toContain('| a \\| b &lt;script&gt; c |');
  });

  it('says clean when clean, and mentions baseline and changed scope', () => {
    const out = markdownReporter(
      data([finding(1, { suppressed: { kind: 'baseline' } })], {
        baseline: { file: 'ssot-baseline.json', entries: 2, matched: 1, moved: 0, stale: [{ ruleId: 'r', file: 'a.ts', fingerprint: 'f', message: 'm' }] },
        changed: { ref: 'origin/main', files: 3, omitted: 4 },
      }),
      OPTS,
    ).output;
    expect(out).toBe('## ssot-lint: ✅ no SSOT violations\n\n10 files scanned · 1 suppressed · baseline `ssot-baseline.json`: 1 known · 1 stale baseline entry · changed files only (3 files since `origin/main`)\n\n');
  });
});

describe('several outputs from one run', () => {
  const scratch = tempDir('ssot-scratch-');
  it('-f json:r.json -f sarif:r.sarif -f text writes both files and prints text', async () => {
    const dir = tempDir('ssot-multi-');
    const r = await runCli([SPRAWL, '--no-cache', '-f', `json:${dir}/r.json`, '-f', `sarif:${dir}/r.sarif`, '-f', 'text']);
    expect(r.code).toBe(1);
    const json = JSON.parse(fs.readFileSync(`${dir}/r.json`, 'utf8')) as { findings: { fingerprint: string }[] };
    assertValidReport(json);
    // The three reports are of one run: the text counts what the JSON lists.
    expect(r.stdout).toContain(`✖ ${json.findings.length} findings`);
    const sarif = JSON.parse(fs.readFileSync(`${dir}/r.sarif`, 'utf8')) as SarifLog;
    assertValidSarif(sarif);
    expect(sarif.runs[0]!.results.map((x) => x.partialFingerprints['ssot/v1'])).toEqual(json.findings.map((f) => f.fingerprint));
  });

  it('--format/--output pairs in order; nothing on stdout when every report has a file', async () => {
    const dir = tempDir('ssot-multi-');
    const r = await runCli([SPRAWL, '--no-cache', '--format', 'json', '--output', `${dir}/a.json`, '--format', 'markdown', '--output', `${dir}/b.md`]);
    expect(r.stdout).toBe('');
    assertValidReport(JSON.parse(fs.readFileSync(`${dir}/a.json`, 'utf8')));
    expect(fs.readFileSync(`${dir}/b.md`, 'utf8')).toMatch(/^## ssot-lint/);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.json', 'b.md']);
  });

  it.each([
    [['-f', 'json', '-f', 'sarif'], /^ssot-lint: --format json, sarif: only one report can go to stdout/],
    [['-f', 'json', '-o', 'a.json', '-o', 'b.json'], /^ssot-lint: --output b\.json: no --format left to write there/],
    [['-f', 'yaml:r.yaml'], /^ssot-lint: --format yaml:r\.yaml: unknown format "yaml"; expected one of github, gitlab, html, json, markdown, sarif, text/],
    [['-f', `json:${scratch}/ok.json`, '-f', 'sarif:/nonexistent-dir/r.sarif'], /^ssot-lint: --format sarif:\/nonexistent-dir\/r\.sarif: directory \/nonexistent-dir does not exist$/],
    [['--max-warnings', 'many'], /^ssot-lint: --max-warnings many: expected a whole number ≥ 0$/],
  ])('usage error %j: exit 2, one line, nothing written', async (args, pattern) => {
    const r = await runCli([SPRAWL, '--no-cache', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(pattern);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('grouping by cause (issue 15)', () => {
  const WORDING = 'fixtures/wording';
  interface JsonFinding { ruleId: string; file: string; line: number; message: string; fingerprint: string; cause?: string; causeTitle?: string; site?: string }
  const json = async (args: string[] = []): Promise<JsonFinding[]> => {
    const report = JSON.parse((await runCli([WORDING, '-f', 'json', ...args])).stdout) as { summary: { findings: number; causes: number }; findings: JsonFinding[] };
    assertValidReport(report);
    expect(report.summary.causes).toBe(new Set(report.findings.map((f) => f.cause)).size);
    return report.findings;
  };
  const PY_CAUSE = 'awaited-sync-call:fixtures/wording/py/app/settings.py#get_settings';

  it('JSON: one finding per site, every finding with a cause, the sites of one cause sharing it', async () => {
    const findings = await json();
    // Exactly the fixture's `expect:` labels (test/fixtures.test.ts checks messages too).
    const labels = readExpectations(path.resolve(WORDING), listFiles(path.resolve(WORDING)));
    expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort()).toEqual(labels.map((e) => `${e.ruleId} ${WORDING}/${e.file}:${e.line}`).sort());
    // Two causes have several sites; every other finding is a cause of its own.
    const sites = new Map<string | undefined, number>();
    for (const f of findings) sites.set(f.cause, (sites.get(f.cause) ?? 0) + 1);
    expect([...sites].filter(([, n]) => n > 1).sort()).toEqual([
      [PY_CAUSE, 2],
      ['awaited-sync-call:fixtures/wording/ts/src/settings.ts#getSettings', 2],
    ]);
    expect(findings.every((f) => typeof f.cause === 'string' && f.cause.startsWith(`${f.ruleId}:`))).toBe(true);
    const awaits = findings.filter((f) => f.cause === PY_CAUSE);
    expect(awaits.map((f) => `${f.file}:${f.line}`)).toEqual(['fixtures/wording/py/app/handlers.py:5', 'fixtures/wording/py/app/handlers.py:10']);
    expect(new Set(awaits.map((f) => f.causeTitle)).size).toBe(1);
    expect(awaits[0]!.causeTitle).toMatch(/^get_settings\(\) is synchronous \(it is declared to return Settings\), so awaiting it raises TypeError: its result is not awaitable/);
    expect(awaits.map((f) => f.site)).toEqual(['`await get_settings()` in on_connect()', '`await get_settings()` in on_message()']);
    // Another function is another cause; so is the same defect in the other language.
    expect(findings.find((f) => f.message.startsWith('`await flush_settings()`'))!.cause).toBe('awaited-sync-call:fixtures/wording/py/app/settings.py#flush_settings');
    expect(findings.filter((f) => f.cause === 'awaited-sync-call:fixtures/wording/ts/src/settings.ts#getSettings')).toHaveLength(2);
    // A rule that names no cause of its own: the finding is its own cause.
    const fragmented = findings.filter((f) => f.ruleId === 'shared-mutable-state');
    expect(new Set(fragmented.map((f) => f.cause)).size).toBe(fragmented.length);
  });

  it('text: a cause with several sites is printed once, with its sites and its shared related places; a cause of one prints as before', async () => {
    const out = (await runCli([WORDING])).stdout;
    expect(out).toContain(
      [
        'fixtures/wording/py/app/handlers.py',
        '  5:22    error    get_settings() is synchronous (it is declared to return Settings), so awaiting it raises TypeError: its result is not awaitable ("object … can\'t be used in \'await\' expression"), a crash each time the line runs; call get_settings() without await, or make it `async def` if it is meant to be — 2 sites:  awaited-sync-call',
        '            fixtures/wording/py/app/handlers.py:5:22  `await get_settings()` in on_connect()',
        '            fixtures/wording/py/app/handlers.py:10:22  `await get_settings()` in on_message()',
        '            ↳ fixtures/wording/py/app/settings.py:19:5 synchronous definition of get_settings()',
        '  15:11   error    `await flush_settings()` raises TypeError: flush_settings() is synchronous (it returns None)',
      ].join('\n'),
    );
    expect(out.match(/synchronous definition of get_settings\(\)/g)).toHaveLength(1);
    expect(out).toMatch(/✖ 12 findings \(12 errors, 0 warnings\) from 10 causes in 4 files/);
    // --explain: each site keeps its own chain.
    const explained = (await runCli([WORDING, '--explain', '--rule', 'awaited-sync-call'])).stdout;
    expect(explained).toContain("            fixtures/wording/ts/src/handlers.ts:4:26  `await getSettings()` in onConnect()\n              → fixtures/wording/ts/src/handlers.ts:1 import { getSettings } from './settings'");
  });

  it('text: the sites of a cause in other files are not printed again under those files', () => {
    const f = (i: number, file: string): Finding =>
      finding(i, { file, line: i, cause: 'awaited-sync-call:src/a.ts#f', causeTitle: 'f() is synchronous', site: `\`await f()\` in g${i}()`, related: [{ file: 'src/a.ts', line: 1, column: 17, message: 'synchronous definition of f()' }] });
    const out = textReporter(data([f(1, 'src/b.ts'), f(2, 'src/c.ts'), finding(3, { file: 'src/c.ts', line: 9, message: 'another one' })]), OPTS).output;
    expect(out.split('\n').slice(0, 8)).toEqual([
      'src/b.ts',
      '  1:1     error    f() is synchronous — 2 sites:  awaited-sync-call',
      '            src/b.ts:1:1  `await f()` in g1()',
      '            src/c.ts:2:1  `await f()` in g2()',
      '            ↳ src/a.ts:1:17 synchronous definition of f()',
      '',
      'src/c.ts',
      '  9:1     error    another one  awaited-sync-call',
    ]);
  });

  it('markdown: one row per cause, with its first site and how many more', async () => {
    const out = (await runCli([WORDING, '-f', 'markdown'])).stdout;
    expect(out).toMatch(/^## ssot-lint: ❌ 12 findings \(12 errors, 0 warnings\)/);
    expect(out).toContain('| `awaited-sync-call` | 6 |');
    expect(out).toContain('| 🔴 error | `fixtures/wording/py/app/handlers.py:5:22` and 1 more site | `awaited-sync-call` | get_settings() is synchronous (it is declared to return Settings)');
    expect(out).toContain('if it is meant to be — 2 sites |');
    const causes = new Set((await json()).map((f) => f.cause));
    expect(out.split('\n').filter((l) => l.startsWith('| 🔴'))).toHaveLength(causes.size);
  });

  it('SARIF: one result per site, the cause in properties, the other sites of the cause as related locations', async () => {
    const log = JSON.parse((await runCli([WORDING, '-f', 'sarif'])).stdout) as SarifLog & { runs: { results: { properties?: { cause?: string; causeSites?: number; causeTitle?: string } }[] }[] };
    assertValidSarif(log);
    const findings = await json();
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(findings.length);
    results.forEach((res, i) => {
      expect(res.partialFingerprints).toEqual({ 'ssot/v1': findings[i]!.fingerprint });
      expect((res as { properties?: { cause?: string } }).properties?.cause).toBe(findings[i]!.cause);
    });
    const i = findings.findIndex((f) => f.cause === PY_CAUSE);
    const first = results[i]! as (typeof results)[number] & { properties: { causeSites: number; causeTitle: string } };
    expect(first.properties.causeSites).toBe(2);
    expect(first.properties.causeTitle).toBe(findings[i]!.causeTitle);
    expect(first.relatedLocations!.map((r) => r.message.text)).toEqual(['synchronous definition of get_settings()', 'same cause: `await get_settings()` in on_message()']);
    const single = results[findings.findIndex((f) => f.message.startsWith('`await flush_settings()`'))]!;
    expect(single.relatedLocations!.map((r) => r.message.text)).toEqual(['synchronous definition of flush_settings()']);
  });

  it('GitHub annotations stay one per site', async () => {
    const lines = (await runCli([WORDING, '-f', 'github'])).stdout.trim().split('\n');
    expect(lines).toHaveLength((await json()).length);
    expect(lines.filter((l) => l.includes('title=awaited-sync-call::`await get_settings()` raises TypeError'))).toHaveLength(2);
  });

  it('fingerprints and the baseline do not change: the same as before grouping, one entry per site, no cause in them', async () => {
    // Recorded with the commit before causes existed (4107241).
    const before = [
      '46460eaa3ab3bd9d4902', '8661088ebd99385f18e6', 'eccd1fee2c7fa613995c', '2948782274f978c1c916', '27edaa98f72ffae701f0', '58f7f346f62b469a39a8',
      '2e4d583001484307f276', '9d2d9fad2a2643e0883a', '587ed32e8991fee28f8d', '9a31ee920c9491436a32', '0a51a4c8813f0bff81ac', '4f1bf1d0b3121213f365',
      '1b7fa61e9ff11942c83d', 'dbc957e0fa4321cc9fdb', 'e59e38d6c4cd09c4b275', '2ebd5a7e7ce3b5a7d432', '1f34775484f3fb55d12d',
    ];
    const sprawl = JSON.parse((await runCli([SPRAWL, '--no-cache', '-f', 'json'])).stdout) as { findings: JsonFinding[] };
    // Every site keeps its fingerprint. One site fewer: registry-key-inconsistency now reports one
    // registry's one inconsistency once, with the removal through the same key as a related site.
    const now = sprawl.findings.map((f) => f.fingerprint);
    expect(before).toEqual(expect.arrayContaining(now));
    expect(now).toHaveLength(before.length - 1);
    expect(sprawl.findings.some((f) => f.ruleId === 'registry-key-inconsistency' && f.message.endsWith('The same key is used at 1 more site (related).'))).toBe(true);
    expect(new Set(sprawl.findings.map((f) => f.cause)).size).toBeLessThan(now.length);

    const dir = tempDir('ssot-cause-');
    fs.cpSync(WORDING, dir, { recursive: true });
    expect((await runCli(['baseline'], dir)).code).toBe(0);
    const file = path.join(dir, 'ssot-baseline.json');
    const entries = (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: Record<string, string>[] }).findings;
    expect(entries.map((e) => `${e.ruleId} ${e.file}`).sort()).toEqual((await json()).map((f) => `${f.ruleId} ${path.relative(WORDING, f.file)}`).sort());
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['file', 'fingerprint', 'message', 'moveFingerprint', 'ruleId', 'symbol']);
    // One site of a cause leaves the baseline: that site alone is reported, the other stays known.
    const inGroup = entries.filter((e) => e.ruleId === 'awaited-sync-call' && e.file === 'py/app/handlers.py' && e.symbol === 'get_settings');
    expect(inGroup).toHaveLength(2);
    expect(inGroup[0]!.fingerprint).not.toBe(inGroup[1]!.fingerprint);
    const kept = entries.filter((e) => e !== inGroup[1]);
    fs.writeFileSync(file, JSON.stringify({ version: 1, findings: kept }));
    const r = await runCli(['--baseline', 'ssot-baseline.json', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: (JsonFinding & { suppressed?: object })[] };
    assertValidReport(report);
    const open = report.findings.filter((f) => !f.suppressed);
    expect(open.map((f) => f.fingerprint)).toEqual([inGroup[1]!.fingerprint]);
    expect(open[0]!.cause).toBe('awaited-sync-call:py/app/settings.py#get_settings');
  });
});

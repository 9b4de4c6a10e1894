/**
 * The baseline end to end: write it, gate on new findings only, and each identity case — what a
 * fingerprint survives (lines above, reformatting, a file move) and what it must not (a copy, a
 * renamed symbol, fixing one finding while adding another).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, readBaseline, serializeBaseline, type BaselineEntry } from '../src/engine/baseline.js';
import type { Finding } from '../src/model/findings.js';
import { ROOT, runCli } from './helpers/cli.js';
import { makeProject, SMALL_PROJECT, writeFiles } from './helpers/project.js';
import { assertValidReport } from './helpers/schema.js';
import { assertValidSarif } from './helpers/sarif.js';

interface JsonReport {
  summary: { findings: number; suppressed: number; suppressedBy: { baseline: number } };
  findings: { ruleId: string; file: string; line: number; fingerprint: string; suppressed?: { kind: string; justification?: string } }[];
  baseline?: { matched: number; moved: number; stale: { ruleId: string; file: string }[] };
}

async function baselined(files: Record<string, string> = SMALL_PROJECT): Promise<string> {
  const dir = makeProject(files);
  const r = await runCli(['baseline'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/wrote 3 baseline entries to ssot-baseline\.json \(3 added, 0 removed\)/);
  return dir;
}

async function gate(dir: string, extra: string[] = []): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await runCli(['--baseline', 'ssot-baseline.json', '-f', 'json', ...extra], dir);
  const report = JSON.parse(r.stdout) as JsonReport;
  assertValidReport(report);
  return { code: r.code, report, stderr: r.stderr };
}

/** The baseline of SMALL_PROJECT: its three findings. */
const SMALL_PROJECT_ENTRIES = ['src/chat.ts awaited-sync-call getManager', 'src/legacy.ts duplicate-implementation LegacyManager', 'src/presence.ts direct-instantiation Manager'];
const describeEntry = (e: { file: string; ruleId: string; symbol?: string }): string => `${e.file} ${e.ruleId} ${e.symbol}`;

const active = (r: JsonReport): JsonReport['findings'] => r.findings.filter((f) => !f.suppressed);

describe('ssot-lint baseline', () => {
  it('writes one sorted entry per line with ruleId, file, symbol, fingerprint and message; same bytes every time', async () => {
    const dir = await baselined();
    const text = fs.readFileSync(path.join(dir, 'ssot-baseline.json'), 'utf8');
    const lines = text.split('\n').filter((l) => l.startsWith('    {'));
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l.replace(/,$/, '')) as BaselineEntry);
    expect(entries.map(describeEntry)).toEqual(SMALL_PROJECT_ENTRIES);
    for (const e of entries) {
      expect(e.fingerprint).toMatch(/^[0-9a-f]{20}$/);
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.symbol).toBeDefined();
    }
    expect(text).not.toMatch(/"line"|Date|time/i);
    await runCli(['baseline'], dir);
    expect(fs.readFileSync(path.join(dir, 'ssot-baseline.json'), 'utf8')).toBe(text);
    expect(readBaseline(path.join(dir, 'ssot-baseline.json')).map(describeEntry)).toEqual(SMALL_PROJECT_ENTRIES);
  });

  it('--baseline suppresses known findings (kind baseline, in JSON and SARIF) and exits 0', async () => {
    const dir = await baselined();
    const { code, report } = await gate(dir);
    expect(code).toBe(0);
    expect(report.summary.findings).toBe(0);
    expect(report.summary.suppressedBy.baseline).toBe(3);
    expect(report.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
    const text = await runCli(['--baseline', 'ssot-baseline.json'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('3 suppressed');
    expect(text.stdout).toContain('baseline ssot-baseline.json: 3 known findings suppressed');
    const sarif = JSON.parse((await runCli(['--baseline', 'ssot-baseline.json', '-f', 'sarif'], dir)).stdout) as { runs: { results: { suppressions?: { kind: string; status: string }[] }[] }[] };
    assertValidSarif(sarif);
    expect(sarif.runs[0]!.results.every((r) => r.suppressions?.[0]?.kind === 'external' && r.suppressions[0].status === 'accepted')).toBe(true);
  });

  it('a new finding fails the gate while the old ones stay suppressed', async () => {
    const dir = await baselined();
    writeFiles(dir, { 'src/notify.ts': "import { getManager } from './factory';\nexport async function notify() {\n  return await getManager('u2');\n}\n" });
    const { code, report } = await gate(dir);
    expect(code).toBe(1);
    expect(active(report).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['src/notify.ts:3 awaited-sync-call']);
  });

  it('survives lines inserted above and reformatting of the finding and of unrelated code', async () => {
    const dir = await baselined();
    writeFiles(dir, {
      'src/chat.ts': [
        '// a header comment',
        '',
        "import {   getManager   } from './factory'",
        '',
        'export function unrelated (a:number,b:number) { return a+b }',
        '',
        'export async function chat(): Promise<void> {',
        '    const m = await getManager(',
        "        'u1',",
        '    );',
        "    m.send('hi')",
        '}',
        '',
      ].join('\n'),
    });
    const { code, report } = await gate(dir);
    expect(code).toBe(0);
    expect(report.findings.find((f) => f.file === 'src/chat.ts')).toMatchObject({ line: 8, suppressed: { kind: 'baseline' } });
    expect(report.baseline!.stale).toEqual([]);
  });

  it('survives a file move (old path gone, same symbol and enclosing function)', async () => {
    const dir = await baselined();
    fs.mkdirSync(path.join(dir, 'src/services'));
    fs.renameSync(path.join(dir, 'src/chat.ts'), path.join(dir, 'src/services/chat-service.ts'));
    writeFiles(dir, { 'src/services/chat-service.ts': fs.readFileSync(path.join(dir, 'src/services/chat-service.ts'), 'utf8').replace("'./factory'", "'../factory'") });
    const { code, report } = await gate(dir);
    expect(code).toBe(0);
    expect(report.findings.find((f) => f.file === 'src/services/chat-service.ts')?.suppressed).toEqual({ kind: 'baseline', justification: 'baselined in src/chat.ts, since moved' });
    expect(report.baseline).toMatchObject({ matched: 3, moved: 1, stale: [] });
  });

  it('does not let a copy ride on the original: the old path still exists, so the copy is new', async () => {
    const dir = await baselined();
    fs.mkdirSync(path.join(dir, 'src/services'));
    fs.copyFileSync(path.join(dir, 'src/chat.ts'), path.join(dir, 'src/services/chat.ts'));
    writeFiles(dir, { 'src/services/chat.ts': fs.readFileSync(path.join(dir, 'src/chat.ts'), 'utf8').replace("'./factory'", "'../factory'") });
    const { code, report } = await gate(dir);
    expect(code).toBe(1);
    expect(active(report).map((f) => f.file)).toEqual(['src/services/chat.ts']);
  });

  it('a renamed enclosing function is a new identity: reported, and the old entry is stale', async () => {
    const dir = await baselined();
    writeFiles(dir, { 'src/chat.ts': fs.readFileSync(path.join(dir, 'src/chat.ts'), 'utf8').replace('function chat', 'function chatRenamed') });
    const { code, report } = await gate(dir);
    expect(code).toBe(1);
    expect(active(report).map((f) => f.ruleId)).toEqual(['awaited-sync-call']);
    expect(report.baseline!.stale.map((e) => `${e.file} ${e.ruleId}`)).toEqual(['src/chat.ts awaited-sync-call']);
  });

  it('fixing one violation cannot hide a new one of the same rule (identity, not counts)', async () => {
    const dir = await baselined();
    writeFiles(dir, {
      // fixed: no await any more
      'src/chat.ts': "import { getManager } from './factory';\nexport function chat(): void {\n  getManager('u1').send('hi');\n}\n",
      // new: the same mistake in another function
      'src/notify.ts': "import { getManager } from './factory';\nexport async function notify() {\n  return await getManager('u2');\n}\n",
    });
    const { code, report, stderr } = await gate(dir);
    expect(code).toBe(1);
    expect(active(report).map((f) => `${f.file} ${f.ruleId}`)).toEqual(['src/notify.ts awaited-sync-call']);
    expect(report.baseline!.stale.map((e) => e.file)).toEqual(['src/chat.ts']);
    expect(stderr).toBe('');
  });

  it('--fail-on-stale fails on entries that no longer occur; --update-baseline shrinks the file', async () => {
    const dir = await baselined();
    writeFiles(dir, { 'src/chat.ts': "import { getManager } from './factory';\nexport function chat(): void {\n  getManager('u1').send('hi');\n}\n" });
    expect((await gate(dir)).code).toBe(0);
    const strict = await gate(dir, ['--fail-on-stale']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('1 baseline entry no longer occurs (--fail-on-stale)');
    const text = await runCli(['--baseline', 'ssot-baseline.json'], dir);
    expect(text.stdout).toContain('1 baseline entry no longer occurs');
    const upd = await runCli(['--baseline', 'ssot-baseline.json', '--update-baseline', '--fail-on-stale'], dir);
    expect(upd.code).toBe(0);
    expect(upd.stderr).toContain('wrote 2 baseline entries to ssot-baseline.json');
    expect(readBaseline(path.join(dir, 'ssot-baseline.json')).map((e) => e.ruleId)).toEqual(['duplicate-implementation', 'direct-instantiation']);
    expect((await gate(dir, ['--fail-on-stale'])).code).toBe(0);
  });

  it('keeps entries a partial run cannot judge (some paths, some rules) and does not call them stale', async () => {
    const dir = await baselined();
    // On src/chat.ts alone getManager cannot be resolved, so its finding is absent: not "fixed".
    const partial = await runCli(['src/chat.ts', '--baseline', 'ssot-baseline.json', '-f', 'json', '--fail-on-stale'], dir);
    const report = JSON.parse(partial.stdout) as JsonReport;
    expect(report.baseline!.stale).toEqual([]);
    expect(partial.code).toBe(0);
    await runCli(['src/chat.ts', '--baseline', 'ssot-baseline.json', '--update-baseline'], dir);
    expect(readBaseline(path.join(dir, 'ssot-baseline.json')).map(describeEntry)).toEqual(SMALL_PROJECT_ENTRIES);
    const oneRule = await runCli(['--rule', 'awaited-sync-call', '--baseline', 'ssot-baseline.json', '--update-baseline'], dir);
    expect(oneRule.code).toBe(0);
    expect(readBaseline(path.join(dir, 'ssot-baseline.json')).map(describeEntry)).toEqual(SMALL_PROJECT_ENTRIES);
  });

  it('bad baseline files are usage errors naming the file', async () => {
    const dir = makeProject(SMALL_PROJECT);
    expect(await runCli(['--baseline', 'missing.json'], dir)).toMatchObject({ code: 2, stdout: '' });
    expect((await runCli(['--baseline', 'missing.json'], dir)).stderr).toMatch(/^ssot-lint: --baseline missing\.json: file not found/);
    writeFiles(dir, { 'bad.json': '{"version": 7, "findings": []}' });
    expect((await runCli(['--baseline', 'bad.json'], dir)).stderr).toMatch(/^ssot-lint: --baseline bad\.json: "version" is 7/);
  });
});

describe('fingerprints of every rule', () => {
  it('are the same after lines are inserted above everything and every file is re-indented', async () => {
    const dir = makeProject({});
    fs.cpSync(path.join(ROOT, 'fixtures/websocket-sprawl'), dir, { recursive: true });
    const prints = async (): Promise<string[]> => (JSON.parse((await runCli(['-f', 'json'], dir)).stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.fingerprint}`).sort();
    const before = await prints();
    expect(new Set(before.map((p) => p.split(' ')[0])).size).toBeGreaterThanOrEqual(8);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(path.join(dir, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      const reformatted = text
        .split('\n')
        .map((l) => l.replace(/^( +)/, (m) => m + m).replace(/;$/, ';   '))
        .join('\n');
      fs.writeFileSync(file, `// inserted above\n\n/* and a block */\n${reformatted}`);
    }
    const lines = (JSON.parse((await runCli(['-f', 'json'], dir)).stdout) as JsonReport).findings.map((f) => f.line);
    expect(Math.min(...lines)).toBeGreaterThan(3);
    expect(await prints()).toEqual(before);
  });
});

describe('applyBaseline', () => {
  const finding = (file: string, fingerprint: string, moveFingerprint: string): Finding => ({
    ruleId: 'awaited-sync-call',
    severity: 'error',
    message: 'm',
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    related: [],
    fingerprint,
    moveFingerprint,
  });
  const scope = (gone: string[]) => ({ wholeProject: true, ruleRan: () => true, fileAnalysed: (f: string) => !gone.includes(f), fileGone: (f: string) => gone.includes(f) });

  it('matches each entry at most once, also through moves', () => {
    const entries: BaselineEntry[] = [{ ruleId: 'awaited-sync-call', file: 'old.ts', fingerprint: 'a'.repeat(20), moveFingerprint: 'm'.repeat(20), message: '' }];
    const findings = [finding('new1.ts', 'b'.repeat(20), 'm'.repeat(20)), finding('new2.ts', 'c'.repeat(20), 'm'.repeat(20))];
    const out = applyBaseline(findings, entries, scope(['old.ts']), 'b.json');
    expect(out).toMatchObject({ matched: 1, moved: 1, stale: [] });
    expect(findings.filter((f) => f.suppressed)).toHaveLength(1);
  });

  it('leaves inline-suppressed findings alone and serialises deterministically', () => {
    const f = finding('a.ts', 'a'.repeat(20), 'm'.repeat(20));
    f.suppressed = { kind: 'inline', justification: 'why' };
    const out = applyBaseline([f], [{ ruleId: f.ruleId, file: 'a.ts', fingerprint: f.fingerprint, message: '' }], scope([]), 'b.json');
    expect(f.suppressed.kind).toBe('inline');
    expect(out.stale).toHaveLength(1);
    const e = [
      { ruleId: 'r', file: 'b.ts', fingerprint: '2'.repeat(20), message: 'x' },
      { ruleId: 'r', file: 'a.ts', fingerprint: '1'.repeat(20), message: 'y' },
    ];
    expect(serializeBaseline(e)).toBe(serializeBaseline([...e].reverse()));
    expect(serializeBaseline(e).indexOf('a.ts')).toBeLessThan(serializeBaseline(e).indexOf('b.ts'));
  });
});

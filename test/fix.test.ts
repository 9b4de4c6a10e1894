/**
 * `--fix`, `--fix-dry-run`, `--fix-type` (issue 18): each fix on the TypeScript and Python fixtures
 * (fixtures/fix/), copied to a temp directory; the safety rules of src/fix/apply.ts one by one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, type AnalysisResult } from '../src/engine/run.js';
import { dropUnparsableFixes, fixPass, runFixes, writePass } from '../src/fix/apply.js';
import { unifiedDiff } from '../src/fix/diff.js';
import type { Finding, Fix } from '../src/model/findings.js';
import { ROOT, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { writeOutputs } from '../src/cli/outputs.js';
import { assertValidReport } from './helpers/schema.js';
import { assertValidSarif } from './helpers/sarif.js';

const FIXABLE = ['awaited-sync-call', 'divergent-import-path', 'direct-instantiation'];

function copyFixture(name: string): string {
  const dir = tempDir(`ssot-fix-${name}-`);
  fs.cpSync(path.join(ROOT, 'fixtures/fix', name), dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const abs = path.join(dir, f);
    if (fs.statSync(abs).isFile()) out[f] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

async function lintJson(dir: string): Promise<{ findings: Finding[]; errors: unknown[] }> {
  const run = await runCli(['.', '--no-cache', '-f', 'json', '--no-progress'], dir);
  return JSON.parse(run.stdout) as { findings: Finding[]; errors: unknown[] };
}

describe('a project with nothing to fix', () => {
  // In a process of its own: the test runner shares modules between test files, and another file's
  // fixes load ts-morph. The built code, as the CLI runs it.
  it('never loads ts-morph', () => {
    const dir = path.join(ROOT, 'fixtures/rules/awaited-sync-call/look-alikes');
    const dist = (p: string): string => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src', p)).href);
    const script = `
      const { analyze } = await import(${dist('engine/run.js')});
      const { runFixes } = await import(${dist('fix/apply.js')});
      const { tsMorphLoaded } = await import(${dist('frontends/typescript/fix.js')});
      const dir = ${JSON.stringify(dir)};
      const run = runFixes(() => analyze({ targets: ['.'], cwd: dir, cache: false }), { targets: [dir], dryRun: true, warn: () => {} });
      process.stdout.write(JSON.stringify({ changes: run.changes.size, loaded: tsMorphLoaded() }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ changes: 0, loaded: false });
  });
});

describe.each(['typescript', 'python'])('--fix on fixtures/fix/%s', (name) => {
  const dir = copyFixture(name);
  const before = snapshot(dir);

  it('--fix-dry-run prints a diff and changes nothing', async () => {
    const run = await runCli(['.', '--no-cache', '--fix-dry-run', '--no-progress'], dir);
    expect(run.stdout).toContain('--- a/');
    expect(run.stdout).toContain('+++ b/');
    expect(snapshot(dir)).toEqual(before);
  });

  it('JSON carries each fix (schema), SARIF its replacements (SARIF 2.1.0)', async () => {
    const json = await runCli(['.', '--no-cache', '-f', 'json', '--no-progress'], dir);
    const report = JSON.parse(json.stdout) as { findings: Finding[] };
    assertValidReport(report);
    for (const f of report.findings) if (FIXABLE.includes(f.ruleId)) expect(f.fix, `${f.file}:${f.line} ${f.ruleId}`).toBeDefined();
    // Facts from worker threads (spans packed in between) give the same fixes.
    const workers = JSON.parse((await runCli(['.', '--no-cache', '-f', 'json', '--no-progress', '--threads', '2'], dir, { SSOT_WORKERS_ONLY: '1' })).stdout) as { findings: Finding[] };
    expect(workers.findings.map((f) => f.fix)).toEqual(report.findings.map((f) => f.fix));
    const sarif = JSON.parse((await runCli(['.', '--no-cache', '-f', 'sarif', '--no-progress'], dir)).stdout) as { runs: { results: { fixes?: unknown[] }[] }[] };
    assertValidSarif(sarif);
    expect(sarif.runs[0]!.results.filter((r) => r.fixes).length).toBe(report.findings.filter((f) => f.fix).length);
  });

  it('the text report says how many findings --fix can take', async () => {
    const text = await runCli(['.', '--no-cache', '--no-progress'], dir);
    const fixable = (await lintJson(dir)).findings.filter((f) => f.fix).length;
    expect(fixable).toBeGreaterThan(0);
    expect(text.stdout).toContain(`${fixable} findings are potentially fixable with --fix (--fix-dry-run shows the edits)`);
  });

  it('fixes every fixable finding; a second --fix changes nothing', async () => {
    const first = await runCli(['.', '--no-cache', '--fix', '--no-progress'], dir);
    expect(first.stderr).toMatch(/fixed \d+ findings?/);
    const after = await lintJson(dir);
    expect(after.errors).toEqual([]);
    expect(after.findings.filter((f) => FIXABLE.includes(f.ruleId)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
    const fixed = snapshot(dir);
    const second = await runCli(['.', '--no-cache', '--fix', '--no-progress'], dir);
    expect(second.stderr).toContain('fixed 0 findings');
    expect(snapshot(dir)).toEqual(fixed);
  });

  if (name === 'typescript') {
    it('keeps precedence, renames, quotes and the .js convention; still type-checks', async () => {
      const src = (f: string): string => fs.readFileSync(path.join(dir, 'src', f), 'utf8');
      expect(src('awaits.ts')).toContain('return (loadConfig()).port;');
      expect(src('awaits.ts')).toContain('const c = loadConfig() || fallback;');
      expect(src('awaits.ts')).toContain('return loadConfig();');
      expect(src('awaits.ts')).not.toMatch(/\bawait\s/);
      // Automatic semicolon insertion: `[1, 2]⏎(loadConfig())` would call the array.
      expect(src('asi.ts')).toContain('  const ports = [1, 2]\n  ;(loadConfig()) // expect: awaited-sync-call\n');
      expect(src('asi.ts')).toContain('return (/* sync since v2 */ loadConfig()).port');
      expect(src('asi.ts')).toContain('  return Object.keys(\n    (loadConfig()) // expect: awaited-sync-call\n  )');
      expect(src('merge.ts')).toContain("import { TAX, InvoiceService as Svc } from './billing/index.js';");
      expect(src('merge.ts')).not.toContain('billing/invoice');
      expect(src('partial.ts')).toContain('import { InvoiceService } from "./billing/index.js";\nimport { helper } from "./billing/invoice.js"; // expect: divergent-import-path');
      expect(src('partial.ts')).toContain('import { InvoiceService } from "./billing/index.js";');
      expect(src('handler.ts')).toContain('const s = getSession(userId);');
      expect(src('handler.ts')).toContain("import { Session, getSession } from './session.js';");
      // The construction was Session's last use: its import goes (the fixture's tsconfig has noUnusedLocals).
      expect(src('worker.ts')).toMatch(/^import \{ getSession \} from '\.\/session\.js';\n\n/);
      expect(src('worker.ts')).toContain('return getSession(userId).userId;');
      // A whole import removed takes its own line, not the blank line after it.
      expect(src('merge.ts')).toMatch(/^import \{ TAX, InvoiceService as Svc \} from '\.\/billing\/index\.js';\n\n/);
      const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    });
  } else {
    it('keeps the from … import (…) layout and merges into an existing import', async () => {
      const src = (f: string): string => fs.readFileSync(path.join(dir, 'app', f), 'utf8');
      expect(src('handlers.py')).toContain('return (load_config())["port"]');
      expect(src('handlers.py')).toContain('c = load_config() or fallback');
      expect(src('handlers.py')).toContain('len(load_config())');
      expect(src('handlers.py')).not.toMatch(/\bawait\s/);
      expect(src('legacy.py')).toBe('from app.compat import (\n    helper,\n)\nfrom app.models import Invoice\n\nLEGACY = [Invoice, helper]\n');
      expect(src('old.py')).toBe('from app.models import (\n    Refund,\n    Invoice as Inv,\n)\n\nOLD = [Inv, Refund]\n');
      // Session's last use: the factory takes its place in the import; still named elsewhere: both stay.
      expect(src('views.py')).toMatch(/^from app\.session import get_session\n/);
      expect(src('admin.py')).toMatch(/^from app\.session import Session, get_session\n/);
      expect(src('admin.py')).toContain('s = get_session(user_id)');
      const py = spawnSync('python3', ['-m', 'py_compile', ...fs.readdirSync(path.join(dir, 'app')).map((f) => path.join(dir, 'app', f))], { encoding: 'utf8' });
      if (py.error === undefined) expect(py.stderr).toBe('');
    });
  }
});

describe('--fix-type', () => {
  it('fixes only the rules named', async () => {
    const dir = copyFixture('typescript');
    await runCli(['.', '--no-cache', '--fix', '--fix-type', 'awaited-sync-call', '--no-progress'], dir);
    const left = (await lintJson(dir)).findings.map((f) => f.ruleId);
    expect(left).not.toContain('awaited-sync-call');
    expect(left).toContain('divergent-import-path');
    expect(left).toContain('direct-instantiation');
  });

  it('refuses an unknown rule and a JSON report on stdout with --fix-dry-run', async () => {
    expect((await runCli(['.', '--fix', '--fix-type', 'no-such-rule'], ROOT)).code).toBe(2);
    expect((await runCli(['.', '--fix-dry-run', '-f', 'json'], ROOT)).code).toBe(2);
  });
});

/** A one-file project and a hand-made analysis result whose findings carry the given fixes. */
function handMade(text: string, fixes: Fix[], file = 'a.ts'): { dir: string; result: AnalysisResult } {
  const dir = tempDir('ssot-fix-unit-');
  fs.writeFileSync(path.join(dir, file), text);
  const findings = fixes.map((fix, i) => ({ ruleId: 'awaited-sync-call', severity: 'error', message: `m${i}`, file: fix.edits[0]!.file, line: 1, column: 1, endLine: 1, endColumn: 1, related: [], fingerprint: `${i}`.padStart(20, '0'), fix }) as Finding);
  return { dir, result: { root: dir, findings, analysedFiles: [file], errors: [], filesScanned: 1, durationMs: 0, rules: [], extraction: { total: 1, parsed: 1, cached: 0, workers: 0, parsedInWorkers: 0 }, timings: { discoverMs: 0, extractMs: 0, linkAndRulesMs: 0 } } };
}

const edit = (file: string, line: number, col: number, endCol: number, text: string): Fix => ({ description: 'd', edits: [{ file, start: { line, column: col }, end: { line, column: endCol }, text }] });

describe('safety', () => {
  it('drops an edit that overlaps an earlier one, keeps the rest', async () => {
    const { dir, result } = handMade('const a = 1;\n', [edit('a.ts', 1, 7, 8, 'b'), edit('a.ts', 1, 7, 12, 'c = 2'), edit('a.ts', 1, 11, 12, '3')]);
    const warnings: string[] = [];
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: (w) => warnings.push(w) });
    expect(pass.fixesApplied).toBe(2);
    expect(pass.fixesDropped).toBe(1);
    expect(pass.files.get('a.ts')!.after).toBe('const b = 3;\n');
  });

  it('leaves a file untouched when the fixed text no longer parses', async () => {
    const { dir, result } = handMade('const a = 1;\n', [edit('a.ts', 1, 7, 8, '(')]);
    const warnings: string[] = [];
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: (w) => warnings.push(w) });
    expect(pass.files.size).toBe(0);
    expect(warnings.join('\n')).toContain('would not parse');
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('const a = 1;\n');
  });

  it('writes nothing outside the analysed targets', async () => {
    const { dir, result } = handMade('const a = 1;\n', [edit('a.ts', 1, 7, 8, 'b')]);
    const warnings: string[] = [];
    const pass = fixPass(result, { targets: [path.join(dir, 'src')], dryRun: false, warn: (w) => warnings.push(w) });
    expect(pass.files.size).toBe(0);
    expect(warnings.join('\n')).toContain('outside the analysed targets');
  });

  it('skips a file changed on disk since it was read, with a warning', async () => {
    const { dir, result } = handMade('const a = 1;\n', [edit('a.ts', 1, 7, 8, 'b')]);
    const warnings: string[] = [];
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: (w) => warnings.push(w) });
    fs.writeFileSync(path.join(dir, 'a.ts'), 'const a = 2;\n');
    expect(writePass(dir, pass, (w) => warnings.push(w), writeOutputs)).toBe(0);
    expect(warnings.join('\n')).toContain('changed on disk');
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('const a = 2;\n');
  });

  it('writes atomically and keeps the file mode', async () => {
    const { dir, result } = handMade('x = 1\n', [edit('run.py', 1, 1, 2, 'y')], 'run.py');
    fs.chmodSync(path.join(dir, 'run.py'), 0o755);
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: () => {} });
    expect(writePass(dir, pass, () => {}, writeOutputs)).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'run.py'), 'utf8')).toBe('y = 1\n');
    expect(fs.statSync(path.join(dir, 'run.py')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(dir)).toEqual(['run.py']);
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context, removals first', async () => {
    expect(unifiedDiff('f.ts', 'a\nb\nc\n', 'a\nB\nc\n')).toBe('--- a/f.ts\n+++ b/f.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });
});

/** fixtures/fix/python copied, with extra files (the fixture's own fixes are made too). */
function pythonProject(extra: Record<string, string>): string {
  const dir = copyFixture('python');
  for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

const pyCompiles = (file: string): void => {
  const py = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  if (py.error === undefined) expect(py.stderr).toBe('');
};

describe('Python factory fix: where the new import goes, which newline', () => {
  it('inserts after a backslash-continued import, not inside it', async () => {
    const dir = pythonProject({
      'app/compat2.py': 'from app.session import Session\n',
      'app/cont.py': 'from app.compat2 import Session\nimport os, \\\n    sys\n\n\ndef view(user_id):\n    s = Session(user_id)  # expect: direct-instantiation\n    return s.user_id, os, sys\n',
    });
    const run = await runCli(['.', '--no-cache', '--fix', '--fix-type', 'direct-instantiation', '--no-progress'], dir);
    expect(run.stderr).not.toContain('app/cont.py');
    const text = fs.readFileSync(path.join(dir, 'app/cont.py'), 'utf8');
    expect(text).toContain('import os, \\\n    sys\nfrom app.session import get_session\n');
    expect(text).toContain('s = get_session(user_id)');
    pyCompiles(path.join(dir, 'app/cont.py'));
  });

  it('keeps CRLF line ends: a name merged one per line, a new factory import', async () => {
    const dir = pythonProject({
      'app/compat2.py': 'from app.session import Session\n',
      'app/crlf_merge.py': 'from app.models import (\r\n    Refund,\r\n)\r\nfrom app.compat import Invoice  # expect: divergent-import-path\r\n\r\nCRLF = [Invoice, Refund]\r\n',
      'app/crlf_factory.py': 'from app.compat2 import Session\r\nimport os\r\n\r\n\r\ndef view(user_id):\r\n    s = Session(user_id)  # expect: direct-instantiation\r\n    return s.user_id, os\r\n',
    });
    await runCli(['.', '--no-cache', '--fix', '--fix-type', 'direct-instantiation', '--no-progress'], dir);
    await runCli(['.', '--no-cache', '--fix', '--fix-type', 'divergent-import-path', '--no-progress'], dir);
    const merged = fs.readFileSync(path.join(dir, 'app/crlf_merge.py'), 'utf8');
    expect(merged).toBe('from app.models import (\r\n    Refund,\r\n    Invoice,\r\n)\r\n\r\nCRLF = [Invoice, Refund]\r\n');
    const factory = fs.readFileSync(path.join(dir, 'app/crlf_factory.py'), 'utf8');
    expect(factory).toContain('import os\r\nfrom app.session import get_session\r\n');
    expect(factory).toContain('s = get_session(user_id)');
    expect(factory.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('Python import fix: comments inside a removed statement', () => {
  it('does not merge away a statement that carries a comment; the import of a class with one stays', async () => {
    const moved = 'from app.compat import (\n    Invoice,  # the one\n)\nfrom app.models import Refund\n\nX = [Invoice, Refund]\n';
    const dropped = 'from app.compat2 import (  # kept for the old API\n    Session,\n)\n\n\ndef view(user_id):\n    return Session(user_id).user_id\n';
    const dir = pythonProject({ 'app/commented.py': moved, 'app/compat2.py': 'from app.session import Session\n', 'app/dropped.py': dropped });
    const json = await lintJson(dir);
    const divergent = json.findings.find((f) => f.file === 'app/commented.py' && f.ruleId === 'divergent-import-path');
    expect(divergent).toBeDefined();
    expect(divergent!.fix).toBeUndefined();
    await runCli(['.', '--no-cache', '--fix', '--fix-type', 'direct-instantiation', '--no-progress'], dir);
    expect(fs.readFileSync(path.join(dir, 'app/commented.py'), 'utf8')).toBe(moved);
    const after = fs.readFileSync(path.join(dir, 'app/dropped.py'), 'utf8');
    expect(after).toContain('return get_session(user_id).user_id');
    expect(after).toContain('from app.compat2 import (  # kept for the old API\n    Session,\n)\n');
    pyCompiles(path.join(dir, 'app/dropped.py'));
  });
});

describe('a fix that breaks parsing drops only itself', () => {
  it('keeps the other fixes of the file, warns about the dropped one', () => {
    const { dir, result } = handMade('const a = 1;\nconst b = 2;\nconst c = 3;\n', [edit('a.ts', 1, 7, 8, 'x'), edit('a.ts', 2, 7, 8, '('), edit('a.ts', 3, 7, 8, 'z')]);
    const warnings: string[] = [];
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: (w) => warnings.push(w) });
    expect(pass.files.get('a.ts')!.after).toBe('const x = 1;\nconst b = 2;\nconst z = 3;\n');
    expect(pass.files.get('a.ts')!.fixes).toBe(2);
    expect(pass.fixesApplied).toBe(2);
    expect(pass.fixesDropped).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^a\.ts: not fixed: awaited-sync-call at a\.ts:1:1 \(d\): the fixed text would not parse \(2:7 /);
  });
});

describe('a fix is one minimal edit per changed region', () => {
  it('a factory fix: the import and the call, not the lines between', async () => {
    const dir = copyFixture('python');
    const json = await lintJson(dir);
    const fix = json.findings.find((f) => f.file === 'app/views.py' && f.ruleId === 'direct-instantiation')!.fix!;
    expect(fix.edits).toEqual([
      { file: 'app/views.py', start: { line: 1, column: 25 }, end: { line: 1, column: 32 }, text: 'get_session' },
      { file: 'app/views.py', start: { line: 5, column: 9 }, end: { line: 5, column: 16 }, text: 'get_session' },
    ]);
    const sarif = JSON.parse((await runCli(['.', '--no-cache', '-f', 'sarif', '--no-progress'], dir)).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; ruleId: string; fixes?: { artifactChanges: { replacements: unknown[] }[] }[] }[] }[] };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'direct-instantiation' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('views.py'))!;
    expect(result.fixes![0]!.artifactChanges[0]!.replacements).toHaveLength(2);
  });

  it('two fixes whose regions interleave are both made in one pass', async () => {
    const { analyze } = await import('../src/engine/run.js');
    const dir = pythonProject({
      'app/mixed.py': 'from app.session import Session\nfrom app.config import load_config\n\n\nasync def view(user_id):\n    c = await load_config()  # expect: awaited-sync-call\n    s = Session(user_id)  # expect: direct-instantiation\n    return s.user_id, c\n',
    });
    const result = analyze({ targets: ['.'], cwd: dir, cache: false });
    const pass = fixPass(result, { targets: [dir], dryRun: true, warn: () => {} });
    expect(pass.files.get('app/mixed.py')).toMatchObject({
      fixes: 2,
      after: 'from app.session import get_session\nfrom app.config import load_config\n\n\nasync def view(user_id):\n    c = load_config()  # expect: awaited-sync-call\n    s = get_session(user_id)  # expect: direct-instantiation\n    return s.user_id, c\n',
    });
  });

  it("applies a fix's edits all or nothing", () => {
    const multi: Fix = { description: 'd', edits: [edit('a.ts', 1, 7, 8, 'x').edits[0]!, edit('a.ts', 2, 7, 8, 'y').edits[0]!] };
    const { dir, result } = handMade('const a = 1;\nconst b = 2;\nconst c = 3;\n', [edit('a.ts', 2, 7, 12, 'q = 9'), multi, { description: 'd', edits: [edit('a.ts', 1, 11, 12, '5').edits[0]!, edit('a.ts', 3, 7, 8, 'z').edits[0]!] }]);
    const pass = fixPass(result, { targets: [dir], dryRun: false, warn: () => {} });
    expect(pass.fixesApplied).toBe(2);
    expect(pass.fixesDropped).toBe(1);
    expect(pass.files.get('a.ts')!.after).toBe('const a = 5;\nconst q = 9;\nconst z = 3;\n');
  });
});

describe('diffEdits', () => {
  it('gives edits that turn the text into the fixed one and never touch one another', async () => {
    const { diffEdits, LineMap, toOffsets, applyOffsets, overlaps } = await import('../src/frontends/shared/text-edits.js');
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const words = ['a', 'b', 'foo', 'Session', 'get_session', '', 'import x', '  y = 1'];
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: rnd(12) }, () => words[rnd(words.length)]!);
      const changed = lines.flatMap((l) => (rnd(4) === 0 ? [] : rnd(5) === 0 ? [l, words[rnd(words.length)]!] : rnd(5) === 0 ? [`${l}z`] : [l]));
      const nl = rnd(2) === 0 ? '\n' : '\r\n';
      const before = lines.join(nl) + (rnd(2) ? nl : '');
      const after = changed.join(nl) + (rnd(2) ? nl : '');
      const map = new LineMap(before, false);
      const edits = diffEdits('f', before, after, map).map((e) => toOffsets(map, e)!);
      expect(applyOffsets(before, edits), JSON.stringify({ before, after })).toBe(after);
      for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) expect(overlaps(edits[i]!, edits[j]!) || edits[i]!.end === edits[j]!.start).toBe(false);
    }
  });
});

describe('--fix fixes what the report shows', () => {
  it('with --baseline, only findings the baseline does not know', async () => {
    const dir = copyFixture('typescript');
    const before = snapshot(dir);
    expect((await runCli(['baseline', '.', '-o', 'bl.json', '--no-cache'], dir)).code).toBe(0);
    const run = await runCli(['.', '--no-cache', '--fix', '--baseline', 'bl.json', '--no-progress'], dir);
    expect(run.stderr).toContain('fixed 0 findings');
    const after = snapshot(dir);
    delete after['bl.json'];
    expect(after).toEqual(before);
  });

  it('with --changed, only findings in changed files (the change set read before any write)', async () => {
    const dir = copyFixture('typescript');
    const git = (...args: string[]): void => {
      const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      expect(r.status, r.stderr).toBe(0);
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'fixture');
    const before = snapshot(dir);
    fs.writeFileSync(path.join(dir, 'src/late.ts'), "import { loadConfig } from './config.js';\n\nexport async function late(): Promise<number> {\n  return (await loadConfig()).port;\n}\n");
    const run = await runCli(['.', '--no-cache', '--fix', '--changed', '--no-progress'], dir);
    expect(run.stderr).toContain('fixed 1 finding in 1 file');
    expect(fs.readFileSync(path.join(dir, 'src/late.ts'), 'utf8')).toContain('return (loadConfig()).port;');
    const after = snapshot(dir);
    delete after['src/late.ts'];
    for (const k of Object.keys(after)) if (k.startsWith('.git')) delete after[k];
    for (const k of Object.keys(before)) if (k.startsWith('.git')) delete before[k];
    expect(after).toEqual(before);
  });
});

describe('fixes carried by JSON and SARIF', () => {
  it('are not offered when applying one would break its file', () => {
    const { dir, result } = handMade('const a = 1;\n', [edit('a.ts', 1, 7, 8, '('), edit('a.ts', 1, 7, 8, 'b')]);
    dropUnparsableFixes(result.findings, { read: (f) => fs.readFileSync(path.join(dir, f), 'utf8') });
    expect(result.findings.map((f) => f.fix?.edits[0]?.text)).toEqual([undefined, 'b']);
  });
});

describe('--fix-dry-run', () => {
  it.each(['sprawl/ts-app', 'sprawl/py-app'])('on fixtures/%s shows every pass --fix makes, and writes nothing', (name) => {
    const dry = tempDir('ssot-fix-dry-');
    const real = tempDir('ssot-fix-real-');
    fs.cpSync(path.join(ROOT, 'fixtures', name), dry, { recursive: true });
    fs.cpSync(path.join(ROOT, 'fixtures', name), real, { recursive: true });
    const untouched = snapshot(dry);
    const run = (dir: string, dryRun: boolean) =>
      runFixes((overlay) => analyze({ targets: ['.'], cwd: dir, cache: false, ...(overlay ? { overlay } : {}) }), { targets: [dir], dryRun, warn: () => {}, write: writeOutputs });
    const shown = run(dry, true);
    const made = run(real, false);
    expect(snapshot(dry)).toEqual(untouched);
    expect(made.passes).toBeGreaterThan(2);
    expect(shown.fixesApplied).toBe(made.fixesApplied);
    expect(new Map([...shown.changes].map(([f, c]) => [f, c.after]))).toEqual(new Map([...made.changes].map(([f]) => [f, fs.readFileSync(path.join(real, f), 'utf8')])));
    // The dry run reports the files as they are: its analysis is the first one.
    expect(shown.result.findings.filter((f) => f.ruleId === 'awaited-sync-call').length).toBeGreaterThan(0);
  });
});

describe('--fix passes', () => {
  it('say a config warning once, not once per analysis', async () => {
    const dir = copyFixture('typescript');
    fs.writeFileSync(path.join(dir, 'ssot.config.json'), JSON.stringify({ concepts: [{ name: 'Typo', canonical: 'src/session.ts#Sesion' }] }));
    const run = await runCli(['.', '--no-cache', '--fix', '--no-progress'], dir);
    expect(run.stderr).toMatch(/fixed \d+ findings in \d+ files \([2-9] passes\)/);
    expect(run.stderr.split('\n').filter((l) => l.includes('declares no class Sesion'))).toHaveLength(1);
  });
});

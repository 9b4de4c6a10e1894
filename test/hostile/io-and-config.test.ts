/**
 * Hostile inputs to the CLI's edges — output files, config, tsconfig, report escaping. The
 * contract (issue 13): bad input is one line on stderr naming the file, option or key and what was
 * expected, exit 2, and nothing half-written; never "internal error", never silence. Every input is
 * made here in a temp directory and removed afterwards. Most runs call the CLI's `main` in-process;
 * a few spawn the built binary (devices, /dev/stdout). Tests that need a device make their own with
 * mknod (we run as root), so a regression replaces a device of the test's, not /dev/null.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeOutputs } from '../../src/cli/outputs.js';
import { braceExpansions } from '../../src/config/limits.js';
import type { Finding } from '../../src/model/findings.js';
import { githubReporter } from '../../src/report/github.js';
import { jsonReporter } from '../../src/report/json.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { textReporter } from '../../src/report/text.js';
import type { ReportData } from '../../src/report/types.js';
import { spawnCli } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';
import { assertValidSarif } from '../helpers/sarif.js';
import { assertValidReport } from '../helpers/schema.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A clean project (no findings): exit 0 unless the input under test is bad. */
function project(files: Record<string, string> = {}): string {
  const dir = makeProject({ 'ssot.config.json': '{}\n', 'src/a.ts': 'export const a = 1;\n', ...files }, 'ssot-hostile-');
  made.push(dir);
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main` in-process, stdout and stderr captured. Paths are passed absolute (no chdir). */
function cli(args: string[]): Run {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    main(['node', 'ssot-lint', ...args, '--no-cache', '--no-progress']);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { code, stdout, stderr };
}

/** The contract for bad input: exit 2, exactly one line on stderr matching `pattern`, no internal error. */
function expectUsageError(r: Run, pattern: RegExp): void {
  expect(r.stderr.replace(/\n$/, '')).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.code).toBe(2);
}

/** A character device of our own (root may mknod): major 1, minor 3 is null, 7 is full. */
function device(dir: string, name: string, minor: 3 | 7): string | undefined {
  const p = path.join(dir, name);
  try {
    execFileSync('mknod', [p, 'c', '1', String(minor)], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return p;
}

const leftovers = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('output files', () => {
  it('-o <character device> writes in place: the device stays a device (ours, then /dev/null itself)', (ctx) => {
    const dir = project();
    const nul = device(dir, 'null', 3);
    if (!nul) return ctx.skip();
    const r = cli([dir, '-o', nul]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.lstatSync(nul).isCharacterDevice()).toBe(true);
    // Only once our own device survived: the real one, through the built binary.
    const real = spawnCli([dir, '-o', '/dev/null', '--no-cache']);
    expect(real.code).toBe(0);
    expect(fs.lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(leftovers('/dev')).toEqual([]);
  });

  it('-f sarif:/dev/stdout prints valid SARIF (the /dev/stdout link is written through, not replaced)', () => {
    const dir = project();
    const r = spawnCli([dir, '-f', 'sarif:/dev/stdout', '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    assertValidSarif(JSON.parse(r.stdout));
    expect(fs.lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('a FIFO is written in place, to the reader at the other end', async () => {
    const dir = project();
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const r = cli([dir, '-f', `json:${fifo}`]);
    await closed;
    expect(r.code).toBe(0);
    assertValidReport(JSON.parse(got));
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symlink planted at the old predictable temp name, or at the report itself, is not followed', () => {
    const dir = project();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const out = path.join(dir, 'r.json');
    // The temp name used to be <out>.<pid>.tmp; pids are small, so plant a range of them (ours included).
    for (const pid of [process.pid, ...Array.from({ length: 50 }, (_, i) => process.pid + i + 1)]) fs.symlinkSync(victim, `${out}.${pid}.tmp`);
    const r = cli([dir, '-f', `json:${out}`]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
    assertValidReport(JSON.parse(fs.readFileSync(out, 'utf8')));
    // A report path that is itself a link (committed to a checkout, say): replaced, never written through.
    fs.rmSync(out);
    fs.symlinkSync(victim, out);
    expect(cli([dir, '-f', `json:${out}`]).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(fs.lstatSync(out).isFile()).toBe(true);
    // Only the planted links remain besides the report: no temp of ours was left.
    expect(leftovers(dir).every((n) => fs.lstatSync(path.join(dir, n)).isSymbolicLink())).toBe(true);
  });

  it('the temp file is created exclusively: a file or link already at its name is an error, never followed or removed', () => {
    const dir = project();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const out = path.join(dir, 'r.json');
    const planted = `${out}.${'00'.repeat(8)}.tmp`;
    fs.symlinkSync(victim, planted);
    const spy = vi.spyOn(crypto, 'randomBytes').mockImplementation(((n: number) => Buffer.alloc(n)) as unknown as typeof crypto.randomBytes);
    try {
      expect(() => writeOutputs([{ file: out, text: '{}\n', label: '--output' }])).toThrow(/^--output \S+\/r\.json: cannot write \(EEXIST/);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(fs.lstatSync(planted).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
    // Without the collision: written, with the umask's default mode (0o666 minus the umask).
    writeOutputs([{ file: out, text: '{}\n' }]);
    const umask = process.umask();
    expect(fs.statSync(out).mode & 0o777).toBe(0o666 & ~umask);
    expect(fs.readFileSync(out, 'utf8')).toBe('{}\n');
  });

  it('a full device is exit 2, one line naming the option; the report before it is not left behind', (ctx) => {
    const dir = project();
    const full = device(dir, 'full', 7);
    if (!full) return ctx.skip();
    const first = path.join(dir, 'first.json');
    const r = cli([dir, '-f', `json:${first}`, '-f', `sarif:${full}`]);
    expectUsageError(r, /^ssot-lint: --format sarif:\S+\/full: cannot write \(ENOSPC/);
    expect(fs.existsSync(first)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    expect(fs.lstatSync(full).isCharacterDevice()).toBe(true);
    const real = spawnCli([dir, '-o', '/dev/full', '--no-cache']);
    expect(real.code).toBe(2);
    expect(real.stderr).toBe('ssot-lint: --output /dev/full: cannot write (ENOSPC: no space left on the device)\n');
    expect(fs.lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a second output that cannot be written (its directory is a file, or a directory is named) leaves no first report', () => {
    const dir = project({ 'blocker': 'a file, not a directory\n' });
    fs.mkdirSync(path.join(dir, 'a-dir'));
    const first = path.join(dir, 'first.json');
    expectUsageError(cli([dir, '-f', `json:${first}`, '-f', `sarif:${dir}/blocker/r.sarif`]), /^ssot-lint: --format sarif:\S+\/blocker\/r\.sarif: \S+\/blocker is not a directory$/);
    expect(fs.existsSync(first)).toBe(false);
    expectUsageError(cli([dir, '--format', 'json', '--output', first, '--format', 'sarif', '--output', `${dir}/a-dir`]), /^ssot-lint: --output \S+\/a-dir: is a directory; expected a file name$/);
    expect(fs.existsSync(first)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('--update-baseline is written with the reports: a failing report leaves the baseline as it was', (ctx) => {
    const dir = project();
    const full = device(dir, 'full', 7);
    if (!full) return ctx.skip();
    const baseline = path.join(dir, 'ssot-baseline.json');
    expectUsageError(cli([dir, '--baseline', baseline, '--update-baseline', '-o', full]), /^ssot-lint: --output \S+\/full: cannot write/);
    expect(fs.existsSync(baseline)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('config paths stay inside the project root', () => {
  it.each([
    ['include', { include: ['../../etc/**'] }, /"include\[0\]" "\.\.\/\.\.\/etc\/\*\*" reaches outside the project root/],
    ['exclude', { exclude: ['src/../../etc/**'] }, /"exclude\[0\]" "src\/\.\.\/\.\.\/etc\/\*\*" reaches outside/],
    ['python.roots', { python: { roots: ['../..'] } }, /"python\.roots\[0\]" "\.\.\/\.\." reaches outside/],
    ['absolute include', { include: ['/etc/**'] }, /"include\[0\]" "\/etc\/\*\*" reaches outside/],
    ['absolute python.roots', { python: { roots: ['/usr/lib/python3'] } }, /"python\.roots\[0\]" "\/usr\/lib\/python3" reaches outside/],
    ['negated include', { include: ['!../x/**'] }, /"include\[0\]" "!\.\.\/x\/\*\*" reaches outside/],
  ])('%s → exit 2 naming the key and the value', (_name, config, pattern) => {
    const dir = project({ 'ssot.config.json': JSON.stringify(config) });
    expectUsageError(cli([dir]), new RegExp(`^ssot-lint: ${dir}/ssot\\.config\\.json: ${pattern.source}`));
  });

  it('an absolute path inside the root is taken, relative to it', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'ssot.config.json'), JSON.stringify({ include: [`${dir}/src/**/*.ts`], python: { roots: [dir] } }));
    const r = cli([dir, '-f', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { filesScanned: number } }).summary.filesScanned).toBe(1);
  });
});

describe('globs are bounded', () => {
  const bomb = '{a,b}'.repeat(20);
  it.each([
    ['exclude', { exclude: [`src/${bomb}/**`] }, /"exclude\[0\]" pattern .* expands to over a million alternatives through its braces; expected at most 1000/],
    ['include', { include: [`src/${bomb}.ts`] }, /"include\[0\]" pattern .* expands to over a million alternatives/],
    ['testFiles', { testFiles: [bomb] }, /"testFiles\[0\]" pattern/],
    ['allowNewIn', { concepts: [{ name: 'X', allowNewIn: [bomb] }] }, /"concepts\[0\]\.allowNewIn\[0\]" pattern/],
    ['a numeric range', { include: ['src/{1..100000}/*.ts'] }, /"include\[0\]" pattern "src\/\{1\.\.100000\}\/\*\.ts" expands to 100000 alternatives/],
    ['nested groups', { exclude: ['{a,{b,c,{d,e}}}'.repeat(5)] }, /"exclude\[0\]" pattern .* expands to 3125 alternatives/],
    ['a long pattern', { include: [`src/${'a'.repeat(2000)}`] }, /"include\[0\]" has a pattern of 2004 characters; expected at most 1024/],
    ['an empty pattern', { exclude: ['dist/**', ''] }, /"exclude\[1\]" has an empty pattern/],
    ['an empty python root', { python: { roots: [' '] } }, /"python\.roots\[0\]" is empty/],
  ])('%s → exit 2, returns at once', (_name, config, pattern) => {
    const dir = project({ 'ssot.config.json': JSON.stringify(config) });
    expectUsageError(cli([dir]), pattern);
  });

  it('counts expansions as fast-glob would, literal braces included', () => {
    expect(braceExpansions('src/**/*.{ts,tsx}')).toBe(2);
    expect(braceExpansions('{a,b}{c,d,e}')).toBe(6);
    expect(braceExpansions('{a,{b,c}}')).toBe(3);
    expect(braceExpansions('{a..e}{0..10..5}')).toBe(15);
    expect(braceExpansions('{abc}\\{a,b}{x')).toBe(1);
    expect(braceExpansions('{a,b')).toBe(1);
    expect(braceExpansions('{a,b}'.repeat(400))).toBeGreaterThan(1000);
  });

  it('a pattern of a few alternatives still works', () => {
    const dir = project({ 'ssot.config.json': JSON.stringify({ include: ['src/**/*.{ts,tsx}'], exclude: ['{dist,build}/**'] }) });
    expect(cli([dir]).code).toBe(0);
  });
});

describe('tsconfig', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['extends: 5', { 'tsconfig.json': '{ "extends": 5 }' }, /tsconfig \S+\/tsconfig\.json: "extends" must be a file name or an array of file names; got number 5$/],
    ['extends: [""]', { 'tsconfig.json': '{ "extends": [""] }' }, /"extends" must be a file name/],
    ['paths with numbers', { 'tsconfig.json': '{ "compilerOptions": { "paths": { "@a/*": [1] } } }' }, /"compilerOptions\.paths\["@a\/\*"\]\[0\]" must be a path string; got number 1$/],
    ['paths not an object', { 'tsconfig.json': '{ "compilerOptions": { "paths": ["x"] } }' }, /"compilerOptions\.paths" must be an object/],
    ['baseUrl: []', { 'tsconfig.json': '{ "compilerOptions": { "baseUrl": [] } }' }, /"compilerOptions\.baseUrl" must be a path string; got an array$/],
    ['compilerOptions: "x"', { 'tsconfig.json': '{ "compilerOptions": "x" }' }, /"compilerOptions" must be an object; got "x"$/],
    ['not an object', { 'tsconfig.json': '[1, 2]' }, /"\(root\)" must be an object; got an array$/],
    ['extends itself', { 'tsconfig.json': '{ "extends": "./tsconfig.json" }' }, /"extends" makes a cycle: \S+\/tsconfig\.json -> \S+\/tsconfig\.json$/],
    ['an extends cycle of two', { 'tsconfig.json': '{ "extends": "./base" }', 'base.json': '{ "extends": "./tsconfig.json" }' }, /"extends" makes a cycle: \S+\/tsconfig\.json -> \S+\/base\.json -> \S+\/tsconfig\.json$/],
    ['a missing extends', { 'tsconfig.json': '{ "extends": "./nope.json" }' }, /tsconfig \S+\/tsconfig\.json: "extends" "\.\/nope\.json": file not found/],
    ['a __proto__ key', { 'tsconfig.json': '{ "compilerOptions": { "paths": { "__proto__": ["x"] } } }' }, /key "compilerOptions\.paths\.__proto__" is not allowed/],
    ['100k [ (not JSON)', { 'tsconfig.json': '['.repeat(100_000) }, /tsconfig \S+\/tsconfig\.json: brackets nested 100000 deep; expected at most 256$/],
    ['100k nested objects (valid JSON)', { 'tsconfig.json': `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` }, /brackets nested 100000 deep/],
    ['config "tsconfig" that does not exist', { 'ssot.config.json': '{ "tsconfig": "tsconfig.app.json" }' }, /ssot\.config\.json: "tsconfig" "tsconfig\.app\.json": file not found/],
  ];
  it.each(cases)('%s → exit 2 naming the file and key', (_name, files, pattern) => {
    const dir = project(files);
    expectUsageError(cli([dir]), pattern);
  });

  it('--tsconfig that does not exist → exit 2', () => {
    const dir = project();
    expectUsageError(cli([dir, '--tsconfig', path.join(dir, 'nope.json')]), /^ssot-lint: --tsconfig \S+nope\.json: file not found$/);
  });

  it('a BOM, comments, trailing commas and a diamond of extends are fine', () => {
    const dir = project({
      'tsconfig.json': '\ufeff{ "extends": ["./a.json", "./b.json"], // both extend base\n "compilerOptions": { "paths": { "@x/*": ["src/*",], }, }, }',
      'a.json': '{ "extends": "./base.json" }',
      'b.json': '{ "extends": "./base.json" }',
      'base.json': '\ufeff{ "compilerOptions": { "baseUrl": "." } }',
      'src/b.ts': "import { a } from '@x/a';\nexport const b = a;\n",
    });
    const r = cli([dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('an extends package that is not installed is skipped, as before', () => {
    const dir = project({ 'tsconfig.json': '{ "extends": "@nowhere/tsconfig" }' });
    expect(cli([dir]).code).toBe(0);
  });
});

describe('config keys', () => {
  it.each([
    ['rules.__proto__', '{ "rules": { "__proto__": "off" } }', /key "rules\.__proto__" is not allowed \(__proto__ is reserved/],
    ['rules.constructor', '{ "rules": { "constructor": ["error", {}] } }', /key "rules\.constructor" is not allowed/],
    ['a rule option named prototype', '{ "rules": { "import-cycle": ["error", { "prototype": 1 }] } }', /key "rules\.import-cycle\[1\]\.prototype" is not allowed/],
    ['top-level __proto__', '{ "__proto__": { "include": ["x"] } }', /key "__proto__" is not allowed/],
    ['deep nesting in rule options', `{ "rules": { "import-cycle": ["error", ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}] } }`, /is nested more than 64 levels deep/],
  ])('%s → exit 2', (_name, text, pattern) => {
    const dir = project({ 'ssot.config.json': text });
    expectUsageError(cli([dir]), pattern);
  });

  it('package.json "ssot" with __proto__ → exit 2 naming package.json', () => {
    const dir = project({ 'package.json': '{ "name": "x", "ssot": { "rules": { "__proto__": "off" } } }' });
    fs.rmSync(path.join(dir, 'ssot.config.json'));
    expectUsageError(cli([dir]), /package\.json \("ssot"\): key "rules\.__proto__" is not allowed/);
  });

  it('a UTF-8 BOM is accepted in ssot.config.json and in package.json', () => {
    const a = project({ 'ssot.config.json': '\ufeff{ "exclude": ["dist/**"] }' });
    expect(cli([a]).code).toBe(0);
    const b = project({ 'package.json': '\ufeff{ "name": "x", "ssot": { "exclude": ["dist/**"] } }' });
    fs.rmSync(path.join(b, 'ssot.config.json'));
    const r = cli([b]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('reports escape what file names and messages carry', () => {
  const NASTY = ['src/back\\slash.ts', 'src/c:colon.ts', 'src/pi|pe.ts', 'src/esc\u001b[31mred.ts', 'src/new\nline.ts', 'src/bidi\u202egnp.ts'];

  it('files with \\, :, |, ESC, newlines and bidi overrides in their names: JSON validates, text shows them escaped', () => {
    const dir = project(Object.fromEntries(NASTY.map((f) => [f, 'export const = ;\n'])));
    const json = cli([dir, '-f', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { errors: { file: string }[] };
    assertValidReport(report);
    expect(report.errors.map((e) => e.file).sort()).toEqual([...NASTY].sort());

    const text = cli([dir]).stdout;
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(text).toContain('skipped src/esc\\x1b[31mred.ts:1:');
    expect(text).toContain('skipped src/new\\nline.ts:1:');
    expect(text).toContain('skipped src/bidi\\u202egnp.ts:1:');

    const github = cli([dir, '-f', 'github']).stdout.trimEnd().split('\n');
    expect(github).toHaveLength(NASTY.length);
    for (const line of github) expect(line).toMatch(/^::warning file=[^,:]+(,line=\d+)?(,col=\d+)?,title=ssot-lint%3A file skipped::[^\n]+$/);
    for (const line of github) expect(line).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(github.join('\n')).toContain('file=src/new%0Aline.ts');
    expect(github.join('\n')).toContain('file=src/c%3Acolon.ts');
  });

  const nasty = (file: string, message: string): Finding => ({
    ruleId: 'awaited-sync-call',
    severity: 'error',
    message,
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    related: [{ file, line: 2, column: 1, message: 'related\u001b]0;title\u0007' }],
    fingerprint: '0'.repeat(20),
  });
  const data = (findings: Finding[]): ReportData => ({
    toolVersion: '1.0.0',
    root: '/repo',
    pathPrefix: '',
    repoRoot: '/repo',
    filesScanned: 1,
    findings,
    errors: [],
    durationMs: 1,
    rules: [{ id: 'awaited-sync-call', severity: 'error', summary: 's' }],
  });
  const OPTS = { color: false, quiet: false, explain: false };

  it('JSON: errors[] may name a file absolutely (no relative path from the root), findings with \\ and : validate', () => {
    const d = data([nasty('src/a\\b:c.ts', 'm')]);
    d.errors = [
      { file: '/elsewhere/x.ts', kind: 'parse-error', message: 'does not parse', line: 1, column: 1 },
      { file: 'D:/other-drive/y.ts', kind: 'unreadable', message: 'cannot read file (EACCES)' },
      { file: 'src/back\\slash.ts', kind: 'binary', message: 'skipped: binary content (NUL byte)' },
    ];
    assertValidReport(JSON.parse(jsonReporter(d, OPTS).output));
    // Findings stay relative: an absolute finding path is still a schema error.
    expect(() => assertValidReport(JSON.parse(jsonReporter(data([nasty('/abs/x.ts', 'm')]), OPTS).output))).toThrow(/pattern/);
  });

  it('markdown: | and newlines in file names and messages stay inside their cell', () => {
    const out = markdownReporter(data([nasty('src/a|b\nc.ts', 'x | y\r\nz \u001b[2J')]), OPTS).output;
    const row = out.split('\n').find((l) => l.startsWith('| 🔴'))!;
    expect(row).toBe('| 🔴 error | `src/a\\|b c.ts:1:1` | `awaited-sync-call` | x \\| y z \\x1b[2J |');
    // Every table row has the four columns of its header: no unescaped | split a cell.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('text and GitHub: control characters in file names and messages are visible, never raw', () => {
    const d = data([nasty('src/a\u001b[31m.ts', 'line one\nline two \u0007 100% sure, ok: yes')]);
    const text = textReporter(d, OPTS).output;
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('src/a\\x1b[31m.ts\n');
    expect(text).toContain('line one\\nline two \\x07 100% sure');
    expect(text).toContain('related\\x1b]0;title\\x07');
    const gh = githubReporter(d, OPTS).output;
    expect(gh.trimEnd().split('\n')).toHaveLength(1);
    expect(gh).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(gh).toContain('file=src/a\\x1b[31m.ts,line=1');
    // The message: GitHub's escapes for data (%, CR, LF), the rest visible.
    expect(gh).toContain('::line one%0Aline two \\x07 100%25 sure, ok: yes%0A↳ src/a\\x1b[31m.ts:2:1 related\\x1b]0;title\\x07\n');
  });
});

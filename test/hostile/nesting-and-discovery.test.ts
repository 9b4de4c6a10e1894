/**
 * Hostile input (issue 13): a file nested too deeply to analyse, a directory that cannot be read, a
 * name with a newline, symbolic links, Python environments and Python 2 files. Each is reported
 * and the run goes on with every other file. Inputs are generated here, in temp directories removed
 * afterwards. The worker tests run the compiled code in dist/ (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover, type DiscoveredFile } from '../../src/discover/discover.js';
import { extractAll } from '../../src/engine/extract-all.js';
import type { FileError } from '../../src/model/file-error.js';
import { analyze } from '../../src/engine/run.js';
import { workerScript } from '../../src/engine/workers.js';
import { MAX_PY_BRACKETS, MAX_TS_DEPTH } from '../../src/frontends/nesting.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';
import { assertValidReport } from '../helpers/schema.js';

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = makeProject(files, 'ssot-hostile-');
  made.push(dir);
  return dir;
}
afterAll(() => {
  // `rm -rf` rather than fs.rmSync: it also removes paths longer than PATH_MAX (see below).
  for (const dir of made) execFileSync('rm', ['-rf', dir]);
});

const SYNC_FACTORY = 'export class Manager {}\nexport function getManager(): Manager { return new Manager(); }\n';
const AWAITS = "import { getManager } from './factory';\nexport async function use() { return await getManager(); }\n";
const PY_FACTORY = 'class Manager:\n    pass\n\ndef get_manager() -> Manager:\n    return Manager()\n';
const PY_AWAITS = 'from .factory import get_manager\n\nasync def use():\n    return await get_manager()\n';

/** The deep shapes of issue 13, at the depth each first overflowed the stack. */
const SHAPES: Record<string, [size: number, make: (n: number) => string]> = {
  'classes.ts': [293, (n) => `export ${'class K { m() {'.repeat(n)}${'} }'.repeat(n)}\n`],
  'objects.ts': [449, (n) => `export const o = ${'{ a: '.repeat(n)}1${' }'.repeat(n)};\n`],
  'calls.ts': [454, (n) => `export const c = a${'.b()'.repeat(n)};\n`],
  'parens.ts': [733, (n) => `export const p = ${'('.repeat(n)}1${')'.repeat(n)};\n`],
  'plus.ts': [956, (n) => `export const s = ${Array.from({ length: n }, (_, i) => `"s${i}"`).join(' + ')};\n`],
  'parens.py': [1416, (n) => `x = ${'('.repeat(n)}1${')'.repeat(n)}\n`],
  // A `match` statement makes the scanner give up: the tree is walked, the brackets counted apart.
  'match.py': [1416, (n) => `match x:\n    case 1:\n        pass\ny = ${'('.repeat(n)}1${')'.repeat(n)}\n`],
};

function deepProject(): string {
  const files: Record<string, string> = {
    'src/factory.ts': SYNC_FACTORY,
    'src/use.ts': AWAITS,
    'py/__init__.py': '',
    'py/factory.py': PY_FACTORY,
    'py/use.py': PY_AWAITS,
  };
  for (const [name, [size, make]] of Object.entries(SHAPES)) {
    files[`deep/at-size/${name}`] = make(size);
    files[`deep/5000/${name}`] = make(5000);
  }
  return project(files);
}
const DEEP_FILES = Object.keys(SHAPES).flatMap((name) => [`deep/5000/${name}`, `deep/at-size/${name}`]).sort();

interface JsonReport {
  summary: { filesScanned: number; filesWithErrors: number };
  findings: { ruleId: string; file: string }[];
  errors: FileError[];
}

async function runJson(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; report: JsonReport; stdout: string; stderr: string }> {
  const r = await runCli(['.', '--format', 'json', '--no-cache', ...args], dir, env);
  const report = JSON.parse(r.stdout) as JsonReport;
  assertValidReport(report);
  return { code: r.code, report, stdout: r.stdout, stderr: r.stderr };
}

const tooDeep = (errors: FileError[]): string[] => errors.filter((e) => e.kind === 'too-deep').map((e) => e.file).sort();

describe('deep nesting', () => {
  it('each deep file is an error entry, the other files are analysed (one thread)', () => {
    const dir = deepProject();
    const result = analyze({ targets: ['.'], cwd: dir, threads: 1 });
    expect(tooDeep(result.errors)).toEqual(DEEP_FILES);
    expect(result.errors).toHaveLength(DEEP_FILES.length);
    for (const e of result.errors) expect(e.message).toMatch(/^nesting too deep to analyse \(/);
    expect(result.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['awaited-sync-call', 'py/use.py'],
      ['awaited-sync-call', 'src/use.ts'],
    ]);
  });

  it('says how deep the tree is and what the limit is', () => {
    const dir = deepProject();
    const { errors } = analyze({ targets: ['deep/at-size'], cwd: dir, threads: 1 });
    const message = (f: string): string => errors.find((e) => e.file === `deep/at-size/${f}`)!.message;
    // 293 nested classes are three tree levels each (class, method, block).
    expect(message('classes.ts')).toBe(`nesting too deep to analyse (syntax tree 879 levels deep; the limit is ${MAX_TS_DEPTH})`);
    expect(message('plus.ts')).toBe(`nesting too deep to analyse (syntax tree 959 levels deep; the limit is ${MAX_TS_DEPTH})`);
    expect(message('parens.py')).toContain(`brackets nested more than ${MAX_PY_BRACKETS} deep`);
    expect(errors.find((e) => e.file === 'deep/at-size/parens.py')!.line).toBe(1);
    expect(message('match.py')).toBe(message('parens.py'));
    expect(errors.find((e) => e.file === 'deep/at-size/match.py')!.line).toBe(4);
  });

  it('nesting up to the limit is analysed as before', () => {
    const dir = project({
      'classes.ts': `export ${'class K { m() {'.repeat(160)}${'} }'.repeat(160)}\n`,
      'calls.ts': `export const c = a${'.b()'.repeat(240)};\n`,
      'plus.ts': `export const s = ${Array.from({ length: 490 }, (_, i) => `"s${i}"`).join(' + ')};\n`,
      'parens.py': `x = ${'('.repeat(MAX_PY_BRACKETS)}1${')'.repeat(MAX_PY_BRACKETS)}\n`,
    });
    const result = analyze({ targets: ['.'], cwd: dir, threads: 1 });
    expect(result.errors).toEqual([]);
    expect(result.analysedFiles.sort()).toEqual(['calls.ts', 'classes.ts', 'parens.py', 'plus.ts']);
  });

  it('a normal file extracted after a stack overflow has exactly the facts it has alone', () => {
    const dir = deepProject();
    const file = (rel: string): DiscoveredFile => ({ abs: path.join(dir, rel), rel });
    const alone = extractAll([file('src/factory.ts'), file('py/factory.py')], { threads: 1 });
    const after = extractAll([...DEEP_FILES.map(file), file('src/factory.ts'), file('py/factory.py')], { threads: 1 });
    expect(after.facts).toEqual(alone.facts);
  });

  it('worker threads report the same files, and the run goes on', () => {
    expect(workerScript(), 'run `npm run build` first').toBeDefined();
    const dir = deepProject();
    const files = discover({ root: dir, targets: [dir] });
    const parallel = extractAll(files, { threads: 3, mainThreadExtracts: false });
    expect(parallel.stats.parsedInWorkers).toBe(files.length);
    expect(tooDeep(parallel.errors)).toEqual(DEEP_FILES);
    expect(parallel.facts.map((f) => f.path).sort()).toEqual(['py/__init__.py', 'py/factory.py', 'py/use.py', 'src/factory.ts', 'src/use.ts']);
  });

  it('the CLI reports them and the findings, with one thread and with every file in a worker', async () => {
    const dir = deepProject();
    const one = await runJson(dir, ['--threads', '1']);
    const two = await runJson(dir, ['--threads', '2'], { SSOT_TIMING: '1', SSOT_WORKERS_ONLY: '1' });
    const timing = JSON.parse(/ssot-lint timing: (.*)/.exec(two.stderr)![1]!) as { workers: number; parsedInWorkers: number; parsed: number };
    expect(timing.workers).toBe(1);
    expect(timing.parsedInWorkers).toBe(timing.parsed);
    for (const r of [one, two]) {
      expect(r.code).toBe(1);
      expect(tooDeep(r.report.errors)).toEqual(DEEP_FILES);
      expect(r.report.findings.map((f) => f.file)).toEqual(['py/use.py', 'src/use.ts']);
    }
    const text = await runCli(['.', '--no-cache'], dir);
    expect(text.stdout).toMatch(/skipped deep\/5000\/calls\.ts: nesting too deep to analyse/);
  });
});

describe('discovery', () => {
  it('a target directory that cannot be read is a usage error naming it', async () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY });
    const denied = (p: fs.PathLike): never => {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
    };
    // Root reads any directory whatever its mode, so the error is injected.
    expect(() => discover({ root: dir, targets: [path.join(dir, 'src')], fs: { readdirSync: denied as unknown as typeof fs.readdirSync } })).toThrow(
      new RegExp(`src: cannot read directory \\(EACCES\\)$`),
    );
    // A file where a directory should be, a dangling link: exit 2, nothing on stdout.
    fs.symlinkSync('nowhere', path.join(dir, 'gone'));
    for (const target of ['src/factory.ts/inner', 'gone']) {
      const r = await runCli([target], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(target);
    }
  });

  it('a subdirectory that cannot be read is listed under errors and the run goes on', () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS, 'src/locked/x.ts': AWAITS });
    const locked = path.join(dir, 'src/locked');
    const real = fs.readdirSync;
    const readdir = ((p: fs.PathLike, o?: unknown) => {
      if (String(p) === locked) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(p, o as { withFileTypes: true });
    }) as unknown as typeof fs.readdirSync;
    const errors: FileError[] = [];
    const files = discover({ root: dir, targets: [dir], errors, fs: { readdirSync: readdir } });
    expect(files.map((f) => f.rel)).toEqual(['src/factory.ts', 'src/use.ts']);
    expect(errors).toEqual([{ file: 'src/locked', kind: 'unreadable', message: 'cannot read directory (EACCES); its files were not analysed' }]);
  });

  it('a directory whose path is too long to read (a real error, as root) is listed and the run goes on', async () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS });
    // Twenty 250-character directories: every path below the 16th is longer than PATH_MAX.
    const seg = 'd'.repeat(250);
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 20); do mkdir ${seg} && cd ${seg}; done && echo 'export const x = 1;' > deep.ts`, 'mk', path.join(dir, 'src')]);
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(['src/use.ts']);
    expect(report.errors).toEqual([expect.objectContaining({ kind: 'unreadable', message: expect.stringMatching(/^cannot read directory \(ENAMETOOLONG\)/) })]);
    expect(report.errors[0]!.file).toMatch(/^src\/d{250}\//);
  });

  it('a .gitignore is read as git reads it: braces are literal, so nested groups are no brace bomb', () => {
    const dir = project({
      '.gitignore': `x${'{a,b}'.repeat(20)}.ts\nsrc/{gen}.ts\n`,
      'src/{gen}.ts': 'export class Generated {}\n',
      'src/gen.ts': 'export class Kept {}\n',
    });
    const files = discover({ root: dir, targets: [dir] }).map((f) => f.rel);
    expect(files).toEqual(['src/gen.ts']);
  });

  it('a directory whose name contains a newline is scanned', async () => {
    const dir = project({ 'src/a\nb/factory.ts': SYNC_FACTORY, 'src/a\nb/use.ts': AWAITS });
    const { report } = await runJson(dir);
    expect(report.summary.filesScanned).toBe(2);
    expect(report.findings.map((f) => f.file)).toEqual(['src/a\nb/use.ts']);
  });

  it('links to files inside the root are analysed once; links out of the root are listed as skipped', async () => {
    const outside = project({ 'elsewhere.ts': AWAITS });
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS, 'vendor/helper.ts': SYNC_FACTORY.replace(/Manager/g, 'Helper') });
    fs.symlinkSync('use.ts', path.join(dir, 'src/use-again.ts'));
    fs.symlinkSync(path.join(outside, 'elsewhere.ts'), path.join(dir, 'src/elsewhere.ts'));
    fs.symlinkSync('missing.ts', path.join(dir, 'src/dangling.ts'));
    fs.writeFileSync(path.join(dir, '.gitignore'), '/vendor/\n');
    fs.symlinkSync('../vendor/helper.ts', path.join(dir, 'src/helper.ts'));
    const { report } = await runJson(dir);
    // use.ts once (not again as use-again.ts); vendor/ is ignored, so its file counts under the link's path.
    expect(report.summary.filesScanned).toBe(3);
    expect(report.findings.map((f) => f.file)).toEqual(['src/use.ts']);
    expect(report.errors).toEqual([
      { file: 'src/elsewhere.ts', kind: 'outside-root', message: `symbolic link to a file outside the root (${path.join(outside, 'elsewhere.ts')})` },
    ]);
  });

  it('Python environments are skipped by what they are, directories merely named venv or site-packages are scanned', () => {
    const dir = project({
      'venv/app.py': 'x = 1\n',
      'site-packages/app.py': 'x = 1\n',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/python3.11/site-packages/pkg/mod.py': 'x = 1\n',
      'env/tool.py': 'x = 1\n',
      'conda/conda-meta/history': '',
      'conda/mod.py': 'x = 1\n',
      'python/lib/python3.12/site-packages/pkg/mod.py': 'x = 1\n',
      'win/Lib/site-packages/pkg/mod.py': 'x = 1\n',
      'win/Lib/os.py': 'x = 1\n',
    });
    expect(discover({ root: dir, targets: [dir] }).map((f) => f.rel)).toEqual(['site-packages/app.py', 'venv/app.py', 'win/Lib/os.py']);
    // Named explicitly, an environment's packages are analysed (issue reports on moto, pip, … do that).
    expect(discover({ root: dir, targets: [path.join(dir, 'env/lib/python3.11/site-packages/pkg')] }).map((f) => f.rel)).toEqual(['env/lib/python3.11/site-packages/pkg/mod.py']);
  });
});

describe('Python 2', () => {
  const PY2: Record<string, [text: string, line: number, what: RegExp]> = {
    'print.py': ['import sys\n\nprint "x"\n', 3, /print statement/],
    'except.py': ['try:\n    pass\nexcept ValueError, e:\n    pass\n', 3, /except X, name:/],
    'octal.py': ['MODE = 0777\n', 1, /integer literal 0777 \(write 0o777\)/],
    'backticks.py': ['x = 1\ny = `x`\n', 2, /backtick/],
    'ur.py': ["x = ur'abc'\n", 1, /ur'' string prefix/],
    'exec.py': ['exec "x = 1"\n', 1, /exec statement/],
    'long.py': ['N = 10L\n', 1, /integer literal 10L/],
    'ne.py': ['if 1 <> 2:\n    pass\n', 1, /<> operator/],
    'raise.py': ['raise ValueError, "bad"\n', 1, /raise X, value/],
  };
  const PY3 = {
    'print3.py': 'import sys\nprint("x")\nprint ("y", file=sys.stderr)\nprint >> sys.stderr, "hint"  # valid Python 3: a shift\n',
    'except3.py': 'try:\n    pass\nexcept (ValueError, TypeError) as e:\n    pass\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n',
    'octal3.py': 'MODE = 0o777\nZERO = 00\nF = 0777.5\nJ = 0777j\n',
    'strings3.py': `"""Write \`x\`, print "x", 0777, ur'' and <> in prose."""\n# print "y" \`z\` 0777\nDATE = "2020-01-01"\nB = rb'a' + Rb"b" + f"{DATE!r}" + u"c"\n`,
  };

  it('each construct is listed under errors as not parsing as Python 3, with its line; Python 3 look-alikes are analysed', () => {
    const dir = project({ ...Object.fromEntries(Object.entries(PY2).map(([f, [t]]) => [f, t])), ...PY3 });
    const result = analyze({ targets: ['.'], cwd: dir, threads: 1 });
    expect(result.errors.map((e) => e.file)).toEqual(Object.keys(PY2).sort());
    for (const e of result.errors) {
      const [, line, what] = PY2[e.file]!;
      expect(e.kind).toBe('parse-error');
      expect(e.line).toBe(line);
      expect(e.message).toMatch(new RegExp(`^does not parse as Python 3 \\(line ${line}\\): Python 2 `));
      expect(e.message).toMatch(what);
    }
    expect(result.analysedFiles.sort()).toEqual(Object.keys(PY3).sort());
  });

  it('a Python 3 syntax error says so too', () => {
    const dir = project({ 'bad.py': 'x = 1\ndef f(:\n    pass\n' });
    const [e] = analyze({ targets: ['.'], cwd: dir, threads: 1 }).errors;
    expect(e).toEqual(expect.objectContaining({ kind: 'parse-error', line: 2, message: expect.stringMatching(/^does not parse as Python 3 \(line 2\): /) }));
  });
});

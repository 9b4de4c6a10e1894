/** The fact cache: hits, misses on change, and a corrupt, tampered or foreign cache never trusted. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { macOfSegment } from '../src/cache/fact-cache.js';
import { analyze, type AnalysisResult } from '../src/engine/run.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/websocket-sprawl');

let work: string;
let project: string;
let cacheDir: string;

/** The secret these tests' caches are authenticated with, so a test can re-sign a segment as a hostile cache could if it had it. */
const SECRET = 'cache-test-secret';
let savedSecret: string | undefined;
beforeAll(() => {
  savedSecret = process.env.SSOT_LINT_CACHE_SECRET;
  process.env.SSOT_LINT_CACHE_SECRET = SECRET;
});
afterAll(() => {
  if (savedSecret === undefined) delete process.env.SSOT_LINT_CACHE_SECRET;
  else process.env.SSOT_LINT_CACHE_SECRET = savedSecret;
});

beforeEach(() => {
  work = tempDir('ssot-cache-');
  project = path.join(work, 'project');
  cacheDir = path.join(work, 'cache');
  fs.cpSync(FIXTURE, project, { recursive: true });
});

afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const run = (cache: boolean | string = cacheDir): AnalysisResult => analyze({ targets: ['.'], cwd: project, cache });
const findingsOf = (r: AnalysisResult): string[] => r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
const segments = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((n) => n.endsWith('.seg')) : []);

/** Pretend the files were cached long ago, so the stat check (not only the hash) can hit. */
function ageSources(): void {
  const old = new Date(Date.now() - 60_000);
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else fs.utimesSync(p, old, old);
    }
  };
  walk(project);
}

describe('fact cache', () => {
  it('a second run parses nothing and reports the same findings', () => {
    ageSources();
    const cold = run();
    expect(cold.extraction.parsed).toBe(cold.filesScanned);
    expect(cold.extraction.cached).toBe(0);
    expect(segments()).toHaveLength(1);
    const warm = run();
    expect(warm.extraction.parsed).toBe(0);
    expect(warm.extraction.cached).toBe(cold.filesScanned);
    expect(findingsOf(warm)).toEqual(findingsOf(cold));
    expect(findingsOf(cold).length).toBeGreaterThan(0);
    // Nothing new learned: no new segment written.
    expect(segments()).toHaveLength(1);
  });

  it('re-parses exactly the file whose content changed, and sees the change', () => {
    ageSources();
    const cold = run();
    const file = path.join(project, 'src/app/shared.ts');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/^export const sharedManager = .*$/m, 'export const sharedManager = undefined;'));
    const changed = run();
    expect(changed.extraction.parsed).toBe(1);
    expect(changed.extraction.cached).toBe(cold.filesScanned - 1);
    const before = cold.findings.filter((f) => f.file === 'src/app/shared.ts' && f.ruleId === 'singleton-sharing');
    const after = changed.findings.filter((f) => f.file === 'src/app/shared.ts' && f.ruleId === 'singleton-sharing');
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(0);
  });

  it('a touched but unchanged file costs a hash, not a parse', () => {
    ageSources();
    run();
    const now = new Date();
    fs.utimesSync(path.join(project, 'src/types.ts'), now, now);
    const r = run();
    expect(r.extraction.parsed).toBe(0);
    expect(r.extraction.cached).toBe(r.filesScanned);
  });

  it('ignores a corrupt segment, rebuilds, and removes it', () => {
    const cold = run();
    const [seg] = segments();
    fs.writeFileSync(path.join(cacheDir, seg!), '{"not": "a cache"');
    const r = run();
    expect(r.extraction.parsed).toBe(r.filesScanned);
    expect(findingsOf(r)).toEqual(findingsOf(cold));
    expect(segments()).not.toContain(seg);
    ageSources();
    const again = run();
    expect(again.extraction.parsed).toBe(0);
  });

  it('ignores a segment whose payload was altered (MAC)', () => {
    const cold = run();
    const file = path.join(cacheDir, segments()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    // Still valid JSON, still the right header: only the MAC can tell.
    const altered = text.replace('"at":[1,', '"at":[2,');
    expect(altered).not.toBe(text);
    fs.writeFileSync(file, altered);
    const r = run();
    expect(r.extraction.cached).toBe(0);
    expect(findingsOf(r)).toEqual(findingsOf(cold));
  });

  it('ignores a segment written by another tool version or facts version', () => {
    run();
    const file = path.join(cacheDir, segments()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.lastIndexOf('\n');
    const header = JSON.parse(text.slice(nl + 1)) as Record<string, unknown>;
    for (const foreign of [{ toolVersion: '0.0.0-other' }, { factsVersion: -1 }, { parserVersion: 'typescript@1.0.0' }, { root: '/elsewhere' }]) {
      fs.writeFileSync(file, `${text.slice(0, nl)}\n${JSON.stringify({ ...header, ...foreign })}`);
      const r = analyze({ targets: ['.'], cwd: project, cache: cacheDir });
      expect(r.extraction.cached, JSON.stringify(foreign)).toBe(0);
      // Rebuilt: put the original back for the next variant.
      for (const s of segments()) fs.rmSync(path.join(cacheDir, s));
      fs.writeFileSync(file, text);
    }
  });

  it('does not trust an entry whose facts belong to another path', () => {
    run();
    const file = path.join(cacheDir, segments()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.lastIndexOf('\n');
    // One `"path"<TAB>{entry}` line per file.
    const lines = text.slice(0, nl).split('\n').map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)] as const);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const a = JSON.parse(lines[0]![0]) as string;
    const b = JSON.parse(lines[1]![0]) as string;
    // Swap two entries' facts and re-sign the segment, as a hostile cache could if it had the secret.
    const swapped = [[lines[0]![0], lines[1]![1]], [lines[1]![0], lines[0]![1]], ...lines.slice(2)];
    const body = swapped.map(([k, v]) => `${k}\t${v}\n`).join('');
    const header = JSON.parse(text.slice(nl + 1)) as Record<string, unknown>;
    header.mac = macOfSegment(body, header, Buffer.from(SECRET));
    fs.writeFileSync(file, `${body}${JSON.stringify(header)}`);
    const r = run();
    expect(r.extraction.parsed).toBeGreaterThanOrEqual(2);
    expect(r.index!.file(a!)?.path).toBe(a);
    expect(r.index!.file(b!)?.path).toBe(b);
  });

  it('rejects a whole segment when one line is not `path<TAB>entry`, even re-signed', () => {
    const cold = run();
    const file = path.join(cacheDir, segments()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.lastIndexOf('\n');
    const lines = text.slice(0, nl).split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    lines[1] = lines[1]!.replace('\t', ' ');
    const body = `${lines.join('\n')}\n`;
    const header = JSON.parse(text.slice(nl + 1)) as Record<string, unknown>;
    header.mac = macOfSegment(body, header, Buffer.from(SECRET));
    fs.writeFileSync(file, `${body}${JSON.stringify(header)}`);
    const r = run();
    expect(r.extraction.cached).toBe(0);
    expect(findingsOf(r)).toEqual(findingsOf(cold));
  });

  it('keeps paths with a tab or a newline in their names apart (each entry is one line)', () => {
    const odd = ['tab\there.ts', 'new\nline.ts'];
    for (const name of odd) fs.writeFileSync(path.join(project, 'src', name), `export class ${name.includes('\t') ? 'Tabbed' : 'Broken'}Thing {}\n`);
    const cold = run();
    expect(cold.analysedFiles).toEqual(expect.arrayContaining(odd.map((n) => `src/${n}`)));
    ageSources();
    const warm = run();
    expect(warm.extraction.parsed).toBe(0);
    expect(warm.index!.file('src/tab\there.ts')?.classes.map((c) => c.name)).toEqual(['TabbedThing']);
    expect(warm.index!.file('src/new\nline.ts')?.classes.map((c) => c.name)).toEqual(['BrokenThing']);
  });

  it('defaults to node_modules/.cache/ssot-lint in a package, to .ssot-cache/ elsewhere, and honours --no-cache', async () => {
    const loose = await runCli(['--format', 'json', '.'], project);
    expect([0, 1]).toContain(loose.code);
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(false);
    expect(fs.readdirSync(path.join(project, '.ssot-cache')).some((n) => n.endsWith('.seg'))).toBe(true);
    // It ignores itself for git.
    expect(fs.readFileSync(path.join(project, '.ssot-cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    fs.rmSync(path.join(project, '.ssot-cache'), { recursive: true });

    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"p","private":true}\n');
    const off = await runCli(['--format', 'json', '--no-cache', '.'], project);
    expect(off.code).toBe(loose.code);
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(false);
    expect(fs.existsSync(path.join(project, '.ssot-cache'))).toBe(false);

    const on = await runCli(['--format', 'json', '.'], project);
    expect(on.code).toBe(loose.code);
    expect(fs.readdirSync(path.join(project, 'node_modules/.cache/ssot-lint')).some((n) => n.endsWith('.seg'))).toBe(true);
    expect(JSON.parse(on.stdout).findings).toEqual(JSON.parse(loose.stdout).findings);

    const elsewhere = path.join(work, 'explicit');
    const explicit = await runCli(['--format', 'json', '--cache-location', elsewhere, '.'], project);
    expect(explicit.code).toBe(loose.code);
    expect(fs.readdirSync(elsewhere).some((n) => n.endsWith('.seg'))).toBe(true);
  });

  it('an unwritable cache location warns and the run still succeeds', async () => {
    const blocker = path.join(work, 'file-not-dir');
    fs.writeFileSync(blocker, 'x');
    const r = await runCli(['--format', 'json', '--cache-location', path.join(blocker, 'cache'), '.'], project);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/warning: cannot write the cache/);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });
});

describe('result cache (findings reused when nothing they depend on changed)', () => {
  const reuse = (options: Partial<Parameters<typeof analyze>[0]> = {}): AnalysisResult =>
    analyze({ targets: ['.'], cwd: project, cache: cacheDir, reuseResults: true, concepts: true, ...options });
  const results = (): string[] => fs.readdirSync(cacheDir).filter((n) => n.startsWith('results-'));

  it('serves an unchanged project from the last run: same findings, errors and concepts, no index', () => {
    ageSources();
    const cold = reuse();
    expect(cold.extraction.results).toBeUndefined();
    expect(cold.index).toBeDefined();
    const warm = reuse();
    expect(warm.extraction.results).toBe('unchanged');
    expect(warm.index).toBeUndefined();
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.errors).toEqual(cold.errors);
    expect(warm.concepts).toEqual(cold.concepts);
    expect(warm.analysedFiles).toEqual(cold.analysedFiles);
    expect(cold.findings.length).toBeGreaterThan(0);
  });

  it('recomputes when a file changes in a way that changes its facts, and sees the change', () => {
    ageSources();
    const cold = reuse();
    const file = path.join(project, 'src/app/shared.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^export const sharedManager = .*$/m, 'export const sharedManager = undefined;'));
    const changed = reuse();
    expect(changed.extraction.results).toBeUndefined();
    expect(changed.extraction.parsed).toBe(1);
    expect(changed.findings.length).toBe(cold.findings.length - 1);
  });

  it('reuses the findings when the changed file has the same facts (a comment at the end)', () => {
    ageSources();
    const cold = reuse();
    const file = path.join(project, 'src/app/shared.ts');
    fs.appendFileSync(file, '\n// a note\n');
    const past = new Date(Date.now() - 30_000);
    fs.utimesSync(file, past, past);
    const r = reuse();
    expect(r.extraction.parsed).toBe(1);
    expect(r.extraction.results).toBe('same-facts');
    expect(r.findings).toEqual(cold.findings);
    // The entry now records the new file: the next run is a stat-only hit.
    expect(reuse().extraction.results).toBe('unchanged');
  });

  it('a binary file in the tree does not stop the same-facts reuse', () => {
    fs.writeFileSync(path.join(project, 'src/blob.ts'), Buffer.from([0x65, 0x78, 0x00, 0x01]));
    ageSources();
    const cold = reuse();
    expect(cold.errors.some((e) => e.file === 'src/blob.ts' && e.kind === 'binary')).toBe(true);
    const file = path.join(project, 'src/app/shared.ts');
    fs.appendFileSync(file, '\n// a note\n');
    const past = new Date(Date.now() - 30_000);
    fs.utimesSync(file, past, past);
    expect(reuse().extraction.results).toBe('same-facts');
  });

  it('a new file, a removed file, another rule selection or another config is a new analysis', () => {
    ageSources();
    const all = reuse();
    fs.writeFileSync(path.join(project, 'src/extra.ts'), 'export const x = 1;\n');
    expect(reuse().extraction.results).toBeUndefined();
    fs.rmSync(path.join(project, 'src/extra.ts'));
    ageSources();
    expect(reuse().extraction.results).toBeUndefined();
    const only = reuse({ onlyRules: ['awaited-sync-call'] });
    expect(only.extraction.results).toBeUndefined();
    expect(new Set(only.findings.map((f) => f.ruleId))).toEqual(new Set(['awaited-sync-call']));
    expect(reuse({ onlyRules: ['awaited-sync-call'] }).extraction.results).toBe('unchanged');
    const off = reuse({ config: { rules: { 'awaited-sync-call': 'off' } } });
    expect(off.extraction.results).toBeUndefined();
    expect(off.findings.some((f) => f.ruleId === 'awaited-sync-call')).toBe(false);
    // Each setting keeps its own entry, so switching back is still a hit.
    expect(reuse().extraction.results).toBe('unchanged');
    expect(reuse().findings).toEqual(all.findings);
    expect(results().length).toBeGreaterThanOrEqual(3);
  });

  it('a file modified in the same second the entry was written is re-checked (racy clean)', () => {
    reuse();
    // Sources are fresh (mtime ≈ now, within a second of the entry): no stat-only hit.
    const r = reuse();
    expect(r.extraction.cached).toBe(r.filesScanned);
    expect(r.extraction.results).toBe('same-facts'); // through the facts check, not the stat check
    expect(r.timings.linkAndRulesMs).toBe(0);
  });

  it('ignores a corrupt or tampered entry', () => {
    ageSources();
    const cold = reuse();
    const [entry] = results();
    const file = path.join(cacheDir, entry!);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('"findings":[', '"findings":[]||['));
    const r = reuse();
    expect(r.extraction.results).toBeUndefined();
    expect(r.findings).toEqual(cold.findings);
    fs.writeFileSync(file, 'garbage');
    expect(reuse().findings).toEqual(cold.findings);
  });

  it('the CLI reports the same JSON (findings and concepts) cold and warm', async () => {
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"p","private":true}\n');
    ageSources();
    const cold = await runCli(['--format', 'json', '.'], project);
    const warm = await runCli(['--format', 'json', '.'], project, { SSOT_TIMING: '1' });
    expect(warm.code).toBe(cold.code);
    // Served by the result cache, not recomputed.
    expect(warm.stderr).toContain('"results":"unchanged"');
    const strip = (s: string): unknown => ({ ...JSON.parse(s), summary: { ...JSON.parse(s).summary, durationMs: 0 } });
    expect(strip(warm.stdout)).toEqual(strip(cold.stdout));
    expect(JSON.parse(warm.stdout).concepts.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(project, 'node_modules/.cache/ssot-lint')).some((n) => n.startsWith('results-'))).toBe(true);
  });
});

describe('a project that is not an npm package (Python)', () => {
  it('keeps its cache in .ssot-cache/: the second run reuses the results', async () => {
    const py = path.join(work, 'py');
    fs.cpSync(path.resolve(import.meta.dirname, '../fixtures/python'), py, { recursive: true });
    expect(fs.existsSync(path.join(py, 'package.json'))).toBe(false);
    const cold = await runCli(['--format', 'json', '.'], py, { SSOT_TIMING: '1' });
    expect(cold.stderr).not.toContain('"results"');
    const warm = await runCli(['--format', 'json', '.'], py, { SSOT_TIMING: '1' });
    expect(warm.code).toBe(cold.code);
    expect(warm.stderr).toMatch(/"results":"(unchanged|same-facts)"/);
    const strip = (s: string): unknown => ({ ...JSON.parse(s), summary: { ...JSON.parse(s).summary, durationMs: 0 } });
    expect(strip(warm.stdout)).toEqual(strip(cold.stdout));
    expect(fs.readdirSync(path.join(py, '.ssot-cache')).some((n) => n.startsWith('results-'))).toBe(true);
  });
});

describe('keepIndex', () => {
  it('false: the same findings, errors, files and concepts, and no index to hold the facts', () => {
    const kept = analyze({ targets: ['.'], cwd: project, cache: false, concepts: true });
    const dropped = analyze({ targets: ['.'], cwd: project, cache: false, concepts: true, keepIndex: false });
    expect(kept.index).toBeDefined();
    expect(dropped.index).toBeUndefined();
    expect(findingsOf(dropped)).toEqual(findingsOf(kept));
    expect(findingsOf(kept).length).toBeGreaterThan(0);
    expect(dropped.analysedFiles).toEqual(kept.analysedFiles);
    expect(dropped.concepts).toEqual(kept.concepts);
    expect(dropped.errors).toEqual(kept.errors);
  });
});

describe('packed spans', () => {
  it('round-trip every span of real facts, and leave strings that look like spans alone', async () => {
    const { encodeEntry, decodeEntry } = await import('../src/cache/fact-cache.js');
    const { extractTypeScript } = await import('../src/frontends/typescript/extract.js');
    const text = fs.readFileSync(path.join(FIXTURE, 'src/core/factory.ts'), 'utf8');
    const facts = extractTypeScript('src/core/factory.ts', text, 'h');
    const lookAlike = '{"line":1,"column":2,"endLine":3,"endColumn":4}';
    const entry = { hash: 'h', size: 1, mtimeMs: 2, ctimeMs: 3, facts, errors: [{ file: 'x.ts', kind: 'parse-error' as const, message: lookAlike }] };
    const json = encodeEntry(entry);
    expect(json).not.toContain('"endColumn"');
    expect(json.length).toBeLessThan(JSON.stringify(entry).length * 0.85);
    expect(decodeEntry(json)).toEqual(entry);
    expect(decodeEntry(json).errors[0]!.message).toBe(lookAlike);
  });

  it('restores the spans of every fact kind, in every fixture (TypeScript and Python)', async () => {
    const { encodeEntry, decodeEntry } = await import('../src/cache/fact-cache.js');
    const { frontendFor } = await import('../src/frontends/index.js');
    const fixtures = path.resolve(import.meta.dirname, '../fixtures');
    const spanKeys = new Set<string>();
    const collect = (v: unknown, key: string): void => {
      if (Array.isArray(v)) v.forEach((x) => collect(x, key));
      else if (v && typeof v === 'object') {
        if ('endColumn' in v) spanKeys.add(key);
        for (const [k, x] of Object.entries(v)) collect(x, `${Array.isArray(x) ? k : key === '' ? k : `${key}.${k}`}`);
      }
    };
    let files = 0;
    // No fixture carries a suppression comment (the suppression tests write their own): one more file.
    const suppressed = 'suppressed.ts';
    for (const rel of [...(fs.readdirSync(fixtures, { recursive: true }) as string[]), suppressed]) {
      const frontend = frontendFor(rel);
      if (!frontend) continue;
      const text = rel === suppressed ? '// ssot-ignore-next-line awaited-sync-call -- becomes async\nawait make();\n' : fs.readFileSync(path.join(fixtures, rel), 'utf8');
      const facts = frontend.extract(rel, text, 'h');
      if (facts.parseErrors.length > 0) continue;
      const entry = { hash: 'h', size: 0, mtimeMs: 0, ctimeMs: 0, facts, errors: [] };
      expect(decodeEntry(encodeEntry(entry)), rel).toEqual(entry);
      collect(facts, '');
      files++;
    }
    expect(files).toBeGreaterThan(100);
    // The fixtures exercise the span-carrying facts the restore knows; a new one shows up here.
    for (const k of ['imports.at', 'names.at', 'exports.at', 'declarations.at', 'classes.at', 'classes.nameAt', 'members.at', 'fieldRefs.at', 'functions.at', 'functions.nameAt', 'params.sharedDefault.at', 'calls.at', 'calls.awaitAt', 'news.at', 'bindings.at', 'bindings.nameAt', 'keyedOps.at', 'registries.at', 'registries.keyAt', 'suppressions.at']) {
      expect(spanKeys, k).toContain(k);
    }
  });
});

describe('shared spans in decoded facts (FactInterner)', () => {
  it('decodes to equal facts, with equal spans shared and frozen', async () => {
    const { encodeEntry, decodeEntry } = await import('../src/cache/fact-cache.js');
    const { FactInterner } = await import('../src/cache/intern.js');
    const { extractTypeScript } = await import('../src/frontends/typescript/extract.js');
    const text = fs.readFileSync(path.join(FIXTURE, 'src/core/factory.ts'), 'utf8');
    const a = { hash: 'h', size: 1, mtimeMs: 2, ctimeMs: 3, facts: extractTypeScript('src/a.ts', text, 'h'), errors: [] };
    const b = { hash: 'h', size: 1, mtimeMs: 2, ctimeMs: 3, facts: extractTypeScript('src/b.ts', text, 'h'), errors: [] };
    const interner = new FactInterner();
    const da = decodeEntry(encodeEntry(a), interner);
    const db = decodeEntry(encodeEntry(b), interner);
    expect(da).toEqual(decodeEntry(encodeEntry(a)));
    expect(db).toEqual(b);
    // The same file text twice: the second file's spans are the first file's objects.
    const fa = da.facts!;
    const fb = db.facts!;
    expect(fa.imports.length).toBeGreaterThan(0);
    expect(fb.imports[0]!.at).toBe(fa.imports[0]!.at);
    expect(Object.isFrozen(fa.imports[0]!.at)).toBe(true);
    expect(() => {
      (fa.imports[0]!.at as { line: number }).line = 99;
    }).toThrow(TypeError);
    expect(fb.functions[0]!.nameAt).toBe(fa.functions[0]!.nameAt);
    // Without an interner every span is its own object.
    expect(decodeEntry(encodeEntry(a)).facts!.imports[0]!.at).not.toBe(fa.imports[0]!.at);
  });

  it('shares spans by their four numbers, however large and however many', async () => {
    const { FactInterner } = await import('../src/cache/intern.js');
    const interner = new FactInterner();
    const made = [];
    for (let i = 0; i < 20_000; i++) made.push(interner.span(i * 7, (i % 300) + 1, i * 7 + 2, 40_000 + i));
    for (let i = 0; i < 20_000; i++) expect(interner.span(i * 7, (i % 300) + 1, i * 7 + 2, 40_000 + i)).toBe(made[i]);
    expect(made[19_999]).toEqual({ line: 139_993, column: 200, endLine: 139_995, endColumn: 59_999 });
    expect(interner.span(1, 2, 3, 4)).not.toBe(interner.span(1, 2, 3, 5));
  });
});

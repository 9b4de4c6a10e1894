/**
 * Hostile caches (issue 13: nothing in the analysed repository may run code or change findings).
 * Each attack is made on the fly in a temp project, and each test shows it fails:
 * (a) a code cache planted in the analysed tree or in --cache-location is never handed to V8;
 * (b) a corrupt code cache in the per-user directory is ignored and rewritten, node does not crash;
 * (c) a forged fact segment or results-*.json (well-formed, signed with another key) changes nothing;
 * (d) a per-user directory, code cache or secret that is not private (permissions, owner) is not used;
 * (e) an edit that keeps the size and restores the mtime (`touch -r`) is seen.
 * Every run gets its own per-user cache directory (SSOT_LINT_USER_CACHE), inside the test's temp dir.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { macOfSegment } from '../../src/cache/fact-cache.js';
import { RESULTS_FORMAT } from '../../src/cache/result-cache.js';
import { macStream, macText } from '../../src/util/trust.js';
import { analyze } from '../../src/engine/run.js';
import { PARSER_PACKAGE_VERSION, readCodeCache, typescriptSourceHash } from '../../src/frontends/typescript/load.js';
import { runCli, spawnCli, type CliRun } from '../helpers/cli.js';
import { makeProject, SMALL_PROJECT } from '../helpers/project.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

let project: string;
let work: string;
/** The per-user cache directory of the "victim" runs. */
let user: string;
let factDir: string;
/**
 * How `cli` runs the CLI: spawned, since TypeScript's loading and its code cache belong to the
 * process; in-process (faster) in the describes that look only at findings and the fact and result caches.
 */
let runner: (args: string[], cwd: string, env: NodeJS.ProcessEnv) => CliRun | Promise<CliRun>;

beforeEach(() => {
  runner = spawnCli;
  project = makeProject({ ...SMALL_PROJECT, 'package.json': '{"name":"p","private":true}\n' }, 'ssot-hostile-');
  work = makeProject({}, 'ssot-hostile-work-');
  user = path.join(work, 'user');
  factDir = path.join(project, 'node_modules/.cache/ssot-lint');
});

afterEach(() => {
  for (const d of [project, work]) {
    // A directory chowned to nobody is still removable by root; put modes back so rm never fails.
    execFileSync('chmod', ['-R', 'u+rwX', d]);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

interface Run extends CliRun {
  typescript: string;
  timing: Record<string, unknown>;
  findings: unknown[];
}

/** The CLI on the project, JSON report, timing line parsed; no secret in the environment unless given. */
async function cli(args: string[] = [], env: NodeJS.ProcessEnv = {}, run = runner): Promise<Run> {
  const r = await run(['--format', 'json', ...args, '.'], project, { SSOT_TIMING: '1', SSOT_LINT_USER_CACHE: user, SSOT_LINT_CACHE_SECRET: undefined, ...env });
  const m = /ssot-lint timing: (.*)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  const timing = JSON.parse(m![1]!) as Record<string, unknown>;
  return { ...r, timing, typescript: timing.typescript as string, findings: (JSON.parse(r.stdout) as { findings: unknown[] }).findings };
}

/** The findings without any cache, to compare with: in-process, whatever the test spawns. */
const honestRun = (): Promise<Run> => cli(['--no-cache'], {}, runCli);

/** Pretend the sources were written long ago, so stat-only hits are possible. */
function ageSources(): void {
  const old = new Date(Date.now() - 60_000);
  for (const rel of Object.keys(SMALL_PROJECT)) fs.utimesSync(path.join(project, rel), old, old);
}

const v8cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.v8cache')) : []);

/** A genuine code cache, made by a run with a per-user directory of its own: the best a planted file can be. */
function genuineCodeCache(): { name: string; bytes: Buffer } {
  const own = path.join(work, 'genuine-user');
  const r = spawnCli(['--format', 'json', '--cache-location', path.join(work, 'genuine-facts'), '.'], project, { SSOT_LINT_USER_CACHE: own });
  expect(r.code).toBe(1);
  const [name] = v8cacheFiles(own);
  expect(name).toBeDefined();
  const bytes = fs.readFileSync(path.join(own, name!));
  expect(readCodeCache(path.join(own, name!), typescriptSourceHash())).toBeDefined();
  return { name: name!, bytes };
}

/**
 * The pre-fix format: `ssot-lint-v8cache/1\n`, a CRC-32 anyone can recompute, then V8's data:
 * `genuine`'s (which the pre-fix code handed to V8, which accepted it), else garbage.
 */
function oldStyleCodeCache(genuine?: Buffer): { name: string; bytes: Buffer } {
  const magic = Buffer.from('ssot-lint-v8cache/1\n');
  let data: Buffer = Buffer.alloc(300_000, 0x41);
  for (let i = 0; i < data.length; i += 7) data[i] = (i * 31) & 0xff;
  // The current format: magic, SHA-256 of the source, SHA-256 of the data, the data.
  if (genuine) data = genuine.subarray('ssot-lint-v8cache/2\n'.length + 64);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(zlib.crc32(data));
  return { name: `typescript-${PARSER_PACKAGE_VERSION}-${process.versions.v8}-${process.arch}.v8cache`, bytes: Buffer.concat([magic, crc, data]) };
}

function plant(dir: string, files: { name: string; bytes: Buffer }[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.bytes);
}

describe('(a) a code cache planted where the analysed repository can write is never handed to V8', () => {
  it('in node_modules/.cache/ssot-lint of the project (the default cache location)', async () => {
    const genuine = genuineCodeCache();
    const planted = [genuine, oldStyleCodeCache(genuine.bytes)];
    plant(factDir, planted);
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/error|Error/);
    // Compiled from source although a valid code cache for this exact TypeScript lay in the tree.
    expect(r.typescript).toBe('compiled');
    // Left as they were. (Buffer.equals: toEqual compares megabytes element by element, for seconds.)
    for (const f of planted) expect(fs.readFileSync(path.join(factDir, f.name)).equals(f.bytes), f.name).toBe(true);
    // The run's own code cache went to the per-user directory, and the next run uses that one.
    expect(v8cacheFiles(user)).toHaveLength(1);
    fs.rmSync(factDir, { recursive: true, force: true });
    plant(factDir, planted);
    expect((await cli()).typescript).toBe('code-cache');
  });

  it('in --cache-location', async () => {
    const genuine = genuineCodeCache();
    const planted = [genuine, oldStyleCodeCache(genuine.bytes)];
    const location = path.join(work, 'restored-ci-cache');
    plant(location, planted);
    const r = await cli(['--cache-location', location]);
    expect(r.code).toBe(1);
    expect(r.typescript).toBe('compiled');
    expect(v8cacheFiles(location).sort()).toEqual(planted.map((f) => f.name).sort());
  });

  it('with workers too: the worker threads get the per-user directory, not the planted one', async () => {
    const genuine = genuineCodeCache();
    plant(factDir, [genuine, oldStyleCodeCache(genuine.bytes)]);
    // Two threads and every file to the workers: they load TypeScript themselves.
    const r = await cli(['--threads', '2'], { SSOT_WORKERS_ONLY: '1' });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual((await honestRun()).findings);
  });
});

describe('(b) a corrupt code cache in the per-user directory', () => {
  it('is ignored and rewritten; node does not crash', async () => {
    const first = await cli();
    expect(first.typescript).toBe('compiled');
    const [name] = v8cacheFiles(user);
    const file = path.join(user, name!);
    const good = fs.readFileSync(file);
    const source = typescriptSourceHash();
    for (const corrupt of [
      (b: Buffer) => { b[b.length - 1000] ^= 0xff; return b; }, // data: its SHA-256 fails
      (b: Buffer) => { b[25] ^= 0xff; return b; }, // the source hash: another typescript.js
      (b: Buffer) => b.subarray(0, 40), // truncated
      () => oldStyleCodeCache().bytes, // the old format, garbage with a valid CRC
      (b: Buffer) => oldStyleCodeCache(b).bytes, // the old format, V8's real data
    ]) {
      fs.rmSync(factDir, { recursive: true, force: true });
      fs.writeFileSync(file, corrupt(Buffer.from(good)));
      const r = await cli();
      expect(r.code).toBe(1);
      expect(r.typescript).toBe('compiled');
      expect(r.findings).toEqual(first.findings);
      expect(readCodeCache(file, source)).toBeDefined();
    }
    fs.rmSync(factDir, { recursive: true, force: true });
    expect((await cli()).typescript).toBe('code-cache');
  });
});

/** The segment's payload lines and header, to forge from. */
function splitSegment(file: string): { lines: [string, Record<string, unknown>][]; header: Record<string, unknown> } {
  const text = fs.readFileSync(file, 'utf8');
  const nl = text.lastIndexOf('\n');
  const lines = text
    .slice(0, nl)
    .split('\n')
    .map((l) => [l.slice(0, l.indexOf('\t')), JSON.parse(l.slice(l.indexOf('\t') + 1)) as Record<string, unknown>] as [string, Record<string, unknown>]);
  return { lines, header: JSON.parse(text.slice(nl + 1)) as Record<string, unknown> };
}

describe('(c) forged fact and result caches committed to the project change nothing', () => {
  beforeEach(() => {
    runner = runCli;
  });
  const ATTACKER = 'the-attackers-own-secret';

  it('a fact segment with calls: [] and a MAC under another key', async () => {
    const honest = await cli(['--no-cache']);
    expect(honest.code).toBe(1);
    // The attacker runs ssot-lint on the same tree with a secret of their own, empties every
    // file's calls (no awaited sync call, no bypassed factory) and re-signs: a well-formed segment
    // with the right content hashes, sizes and times, that only the MAC can tell from a real one.
    ageSources();
    await cli([], { SSOT_LINT_CACHE_SECRET: ATTACKER });
    for (const n of fs.readdirSync(factDir)) if (!n.endsWith('.seg')) fs.rmSync(path.join(factDir, n));
    const [seg] = fs.readdirSync(factDir);
    const { lines, header } = splitSegment(path.join(factDir, seg!));
    for (const [, entry] of lines) (entry.facts as { calls: unknown[]; news: unknown[] }).calls = [];
    for (const [, entry] of lines) (entry.facts as { calls: unknown[]; news: unknown[] }).news = [];
    const body = lines.map(([k, v]) => `${k}\t${JSON.stringify(v)}\n`).join('');
    delete header.mac;
    header.mac = macOfSegment(body, header, Buffer.from(ATTACKER));
    const forged = `${body}${JSON.stringify(header)}`;
    fs.writeFileSync(path.join(factDir, seg!), forged);

    // Under the attacker's key the forgery would work: the test's forgery is a real one.
    const fooled = await cli([], { SSOT_LINT_CACHE_SECRET: ATTACKER });
    expect(fooled.code).toBe(0);
    for (const n of fs.readdirSync(factDir)) fs.rmSync(path.join(factDir, n));
    fs.writeFileSync(path.join(factDir, seg!), forged);

    // The victim (its own per-user secret): same findings and exit code as --no-cache.
    const r = await cli();
    expect(r.code).toBe(honest.code);
    expect(r.findings).toEqual(honest.findings);
    expect(r.timing.cached).toBe(0);
    // Replaced on the write, and the victim's own cache then serves the same findings.
    expect(fs.existsSync(path.join(factDir, seg!))).toBe(false);
    const again = await cli();
    expect(again.findings).toEqual(honest.findings);
    expect(again.code).toBe(honest.code);
  });

  it('a results-*.json with no findings and a MAC under another key', async () => {
    const honest = await cli(['--no-cache']);
    ageSources();
    await cli([], { SSOT_LINT_CACHE_SECRET: ATTACKER });
    const [name] = fs.readdirSync(factDir).filter((n) => n.startsWith('results-'));
    const file = path.join(factDir, name!);
    const text = fs.readFileSync(file, 'utf8');
    const entry = JSON.parse(text.slice(0, text.lastIndexOf('\n'))) as { result: { findings: unknown[] } };
    entry.result.findings = [];
    const payload = JSON.stringify(entry);
    const forged = `${payload}\n${macText(macStream(Buffer.from(ATTACKER), RESULTS_FORMAT).update(payload))}`;
    fs.writeFileSync(file, forged);

    const fooled = await cli([], { SSOT_LINT_CACHE_SECRET: ATTACKER });
    expect(fooled.timing.results).toBe('unchanged');
    expect(fooled.code).toBe(0);
    fs.writeFileSync(file, forged);

    const r = await cli();
    expect(r.timing.results).toBeUndefined();
    expect(r.code).toBe(honest.code);
    expect(r.findings).toEqual(honest.findings);
  });

  it('the pre-fix formats (CRC-32) are ignored as foreign', async () => {
    const honest = await cli(['--no-cache']);
    ageSources();
    await cli([], { SSOT_LINT_CACHE_SECRET: ATTACKER });
    const [seg] = fs.readdirSync(factDir).filter((n) => n.endsWith('.seg'));
    const { lines, header } = splitSegment(path.join(factDir, seg!));
    for (const [, entry] of lines) (entry.facts as { calls: unknown[] }).calls = [];
    const body = lines.map(([k, v]) => `${k}\t${JSON.stringify(v)}\n`).join('');
    delete header.mac;
    const old = { ...header, format: 'ssot-lint-facts/3', checksum: `crc32:${(zlib.crc32(body) >>> 0).toString(16).padStart(8, '0')}` };
    for (const n of fs.readdirSync(factDir)) fs.rmSync(path.join(factDir, n));
    fs.writeFileSync(path.join(factDir, seg!), `${body}${JSON.stringify(old)}`);
    const r = await cli();
    expect(r.code).toBe(honest.code);
    expect(r.findings).toEqual(honest.findings);
  });
});

describe('(d) a per-user directory, code cache or secret that is not private is not used', () => {
  /** A first run makes the directory, its secret and its code cache. */
  async function primed(): Promise<{ honest: Run }> {
    const honest = await honestRun();
    const first = await cli();
    expect(first.typescript).toBe('compiled');
    expect(fs.statSync(user).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(user, 'secret')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(user, 'secret')).size).toBe(32);
    expect(v8cacheFiles(user)).toHaveLength(1);
    fs.rmSync(factDir, { recursive: true, force: true });
    return { honest };
  }

  /** Not used at all: no code cache, no fact or result cache, same findings as --no-cache. */
  async function expectUnused(honest: Run): Promise<void> {
    const r = await cli();
    expect(r.code).toBe(honest.code);
    expect(r.findings).toEqual(honest.findings);
    expect(r.typescript).toBe('required');
    expect(r.timing.caches).toBe('off: no per-user secret');
    expect(r.stderr).not.toMatch(/warning|error/i);
    expect(fs.existsSync(factDir)).toBe(false);
  }

  it.each(['777', '770', '722', '720'])('a directory with mode %s', async (mode) => {
    const { honest } = await primed();
    fs.chmodSync(user, parseInt(mode, 8));
    await expectUnused(honest);
  });

  it('a group/world-writable code cache file is not read (and is replaced by a private one)', async () => {
    await primed();
    const file = path.join(user, v8cacheFiles(user)[0]!);
    fs.chmodSync(file, 0o666);
    expect((await cli()).typescript).toBe('compiled');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    fs.rmSync(factDir, { recursive: true, force: true });
    expect((await cli()).typescript).toBe('code-cache');
  });

  it('a code cache that is a symlink is not followed', async () => {
    await primed();
    const file = path.join(user, v8cacheFiles(user)[0]!);
    const elsewhere = path.join(work, 'elsewhere.v8cache');
    fs.renameSync(file, elsewhere);
    fs.symlinkSync(elsewhere, file);
    expect((await cli()).typescript).toBe('compiled');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  });

  it.each(['666', '644', '620', '640'])('a secret with mode %s: no fact or result cache, the secret left alone', async (mode) => {
    const { honest } = await primed();
    const secret = path.join(user, 'secret');
    const before = fs.readFileSync(secret);
    fs.chmodSync(secret, parseInt(mode, 8));
    const r = await cli();
    expect(r.code).toBe(honest.code);
    expect(r.findings).toEqual(honest.findings);
    expect(r.timing.caches).toBe('off: no per-user secret');
    // The directory is still private: the code cache is still used.
    expect(r.typescript).toBe('code-cache');
    expect(fs.existsSync(factDir)).toBe(false);
    expect(fs.readFileSync(secret)).toEqual(before);
  });

  it('SSOT_LINT_CACHE_SECRET works without any per-user directory', async () => {
    const honest = await honestRun();
    fs.writeFileSync(path.join(work, 'not-a-dir'), 'x');
    user = path.join(work, 'not-a-dir', 'user');
    ageSources();
    const cold = await cli([], { SSOT_LINT_CACHE_SECRET: 'from-a-ci-secret' });
    expect(cold.typescript).toBe('required');
    expect(cold.findings).toEqual(honest.findings);
    const warm = await cli([], { SSOT_LINT_CACHE_SECRET: 'from-a-ci-secret' });
    expect(warm.timing.results).toBe('unchanged');
    expect(warm.findings).toEqual(honest.findings);
    // Without the secret the same cache is not trusted.
    expect((await cli()).timing.caches).toBe('off: no per-user secret');
  });

  describe.runIf(isRoot)('owned by another uid (as root: chown to nobody)', () => {
    it('the directory', async () => {
      const { honest } = await primed();
      execFileSync('chown', ['-R', `${NOBODY}`, user]);
      await expectUnused(honest);
    });

    it('the secret', async () => {
      const { honest } = await primed();
      execFileSync('chown', [`${NOBODY}`, path.join(user, 'secret')]);
      const r = await cli();
      expect(r.findings).toEqual(honest.findings);
      expect(r.timing.caches).toBe('off: no per-user secret');
      expect(fs.existsSync(factDir)).toBe(false);
    });

    it('the code cache file', async () => {
      await primed();
      const file = path.join(user, v8cacheFiles(user)[0]!);
      execFileSync('chown', [`${NOBODY}`, file]);
      expect((await cli()).typescript).toBe('compiled');
      expect(fs.statSync(file).uid).toBe(process.getuid!());
    });
  });
});

describe('(e) an edit that keeps the size and restores the mtime (touch -r) is seen', () => {
  beforeEach(() => {
    runner = runCli;
  });
  const chat = (): string => path.join(project, 'src/chat.ts');
  /** `await getManager(…)` → the same number of spaces: same size, no awaited-sync-call. */
  function editKeepingSizeAndMtime(): void {
    const ref = path.join(work, 'times');
    fs.writeFileSync(ref, '');
    execFileSync('touch', ['-r', chat(), ref]);
    const before = fs.statSync(chat());
    const text = fs.readFileSync(chat(), 'utf8');
    expect(text).toContain('await getManager');
    fs.writeFileSync(chat(), text.replace('await getManager', '      getManager'));
    execFileSync('touch', ['-r', ref, chat()]);
    const after = fs.statSync(chat());
    expect(after.size).toBe(before.size);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  }
  const awaited = (findings: unknown[]): number => findings.filter((f) => (f as { ruleId: string }).ruleId === 'awaited-sync-call').length;

  it('through the result cache (the CLI)', async () => {
    ageSources();
    const cold = await cli();
    expect(awaited(cold.findings)).toBe(1);
    expect((await cli()).timing.results).toBe('unchanged');
    editKeepingSizeAndMtime();
    const r = await cli();
    expect(r.timing.results).toBeUndefined();
    expect(r.timing.parsed).toBe(1);
    expect(awaited(r.findings)).toBe(0);
    expect(r.findings).toEqual((await honestRun()).findings);
  });

  it('through the fact cache (no result cache)', () => {
    const saved = process.env.SSOT_LINT_USER_CACHE;
    process.env.SSOT_LINT_USER_CACHE = user;
    try {
      ageSources();
      const run = () => analyze({ targets: ['.'], cwd: project, cache: true });
      const cold = run();
      expect(cold.findings.filter((f) => f.ruleId === 'awaited-sync-call')).toHaveLength(1);
      expect(run().extraction.parsed).toBe(0);
      editKeepingSizeAndMtime();
      const r = run();
      expect(r.extraction.parsed).toBe(1);
      expect(r.findings.filter((f) => f.ruleId === 'awaited-sync-call')).toHaveLength(0);
    } finally {
      process.env.SSOT_LINT_USER_CACHE = saved;
    }
  });
});

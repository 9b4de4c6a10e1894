/**
 * Loading TypeScript: the V8 code cache in the per-user cache directory (written once, used after, a
 * corrupt one ignored and rewritten), and tsconfig.json read without TypeScript. Hostile code caches
 * (planted in the analysed tree, or in a directory that is not private) are in test/hostile/caches.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonc } from '../src/config/jsonc.js';
import { readCodeCache, typescriptSourceHash } from '../src/frontends/typescript/load.js';
import { spawnCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/websocket-sprawl');

let work: string;
/** This test's per-user cache directory (where the code cache lives). */
let user: string;
beforeEach(() => {
  work = tempDir('ssot-tsload-');
  user = path.join(work, 'user');
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** A cold run (fact and result caches emptied, code cache kept) with the timing line parsed. */
function coldRun(project: string, cache: string): { findings: unknown; typescript: string } {
  fs.rmSync(cache, { recursive: true, force: true });
  const r = spawnCli(['--format', 'json', '--cache-location', cache, '.'], project, { SSOT_TIMING: '1', SSOT_LINT_USER_CACHE: user });
  expect(r.code).toBe(1);
  const timing = JSON.parse(/ssot-lint timing: (.*)/.exec(r.stderr)![1]!) as { typescript: string; parsed: number };
  expect(timing.parsed).toBeGreaterThan(0);
  const report = JSON.parse(r.stdout) as { findings: unknown[] };
  return { findings: report.findings, typescript: timing.typescript };
}

describe('TypeScript code cache', () => {
  it('is written by the first run that parses, used by the next, and a corrupt one is rewritten', () => {
    const project = path.join(work, 'project');
    const cache = path.join(work, 'cache');
    fs.cpSync(FIXTURE, project, { recursive: true });

    const first = coldRun(project, cache);
    expect(first.typescript).toBe('compiled');
    // In the per-user directory, never in the fact cache's.
    expect(fs.readdirSync(cache).filter((n) => n.endsWith('.v8cache'))).toHaveLength(0);
    const files = fs.readdirSync(user).filter((n) => n.endsWith('.v8cache'));
    expect(files).toHaveLength(1);
    const file = path.join(user, files[0]!);
    const source = typescriptSourceHash();
    expect(files[0]).toContain(source.toString('hex').slice(0, 32));
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(readCodeCache(file, source)?.length).toBeGreaterThan(100_000);

    const second = coldRun(project, cache);
    expect(second.typescript).toBe('code-cache');
    expect(second.findings).toEqual(first.findings);

    // One flipped byte in the middle: the SHA-256 fails, V8 never sees it, the run compiles and rewrites.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(readCodeCache(file, source)).toBeUndefined();
    const third = coldRun(project, cache);
    expect(third.typescript).toBe('compiled');
    expect(third.findings).toEqual(first.findings);
    expect(readCodeCache(file, source)).toBeDefined();
    // Compiled from another typescript.js: not used.
    expect(readCodeCache(file, Buffer.alloc(32))).toBeUndefined();

    // Nothing changed: served from the result cache, and the tsconfig (it has comments) is read without TypeScript.
    const warm = spawnCli(['--format', 'json', '--cache-location', cache, '.'], project, { SSOT_TIMING: '1', SSOT_LINT_USER_CACHE: user });
    expect(warm.stderr).toContain('"results":"unchanged"');
    expect(warm.stderr).toContain('"typescript":"not loaded"');

    // Truncated: ignored the same way.
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 30));
    expect(coldRun(project, cache).typescript).toBe('compiled');
  });

  it('is not used without a fact cache', () => {
    const project = path.join(work, 'project');
    fs.cpSync(FIXTURE, project, { recursive: true });
    const r = spawnCli(['--format', 'json', '--no-cache', '.'], project, { SSOT_TIMING: '1', SSOT_LINT_USER_CACHE: user });
    expect(r.stderr).toContain('"typescript":"required"');
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(false);
    expect(fs.existsSync(user)).toBe(false);
  });
});

describe('tsconfig.json as JSONC', () => {
  it('reads comments and trailing commas, and leaves strings alone', () => {
    const text = `\ufeff{
      // line comment, "quoted"
      "compilerOptions": {
        /* block, with a } and a , */
        "baseUrl": "./src//x/*y*/", // after a value
        "paths": { "@app/*": ["app/*",], "q\\"//": ["a,]"], },
      },
    }`;
    expect(parseJsonc(text)).toEqual({ compilerOptions: { baseUrl: './src//x/*y*/', paths: { '@app/*': ['app/*'], 'q"//': ['a,]'] } } });
  });

  it('says undefined for what is not JSONC, so TypeScript can say why', () => {
    expect(parseJsonc('{ "a": 1 /* unterminated')).toBeUndefined();
    expect(parseJsonc('{ a: 1 }')).toBeUndefined();
    expect(parseJsonc('{ "a": [1,, 2] }')).toBeUndefined();
  });
});

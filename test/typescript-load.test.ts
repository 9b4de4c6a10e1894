/**
 * Loading TypeScript: the V8 code cache next to the fact cache (written once, used after, a corrupt
 * one ignored and rewritten), and tsconfig.json read without TypeScript.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonc } from '../src/config/jsonc.js';
import { readCodeCache } from '../src/frontends/typescript/load.js';
import { runCli } from './helpers/cli.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/websocket-sprawl');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ssot-tsload-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** A cold run (fact and result caches emptied, code cache kept) with the timing line parsed. */
function coldRun(project: string, cache: string): { findings: unknown; typescript: string } {
  for (const n of fs.existsSync(cache) ? fs.readdirSync(cache) : []) if (!n.endsWith('.v8cache')) fs.rmSync(path.join(cache, n));
  const r = runCli(['--format', 'json', '--cache-location', cache, '.'], project, { SSOT_TIMING: '1' });
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
    const files = fs.readdirSync(cache).filter((n) => n.endsWith('.v8cache'));
    expect(files).toHaveLength(1);
    const file = path.join(cache, files[0]!);
    expect(readCodeCache(file)?.length).toBeGreaterThan(100_000);

    const second = coldRun(project, cache);
    expect(second.typescript).toBe('code-cache');
    expect(second.findings).toEqual(first.findings);

    // One flipped byte in the middle: the checksum fails, V8 never sees it, the run compiles and rewrites.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(readCodeCache(file)).toBeUndefined();
    const third = coldRun(project, cache);
    expect(third.typescript).toBe('compiled');
    expect(third.findings).toEqual(first.findings);
    expect(readCodeCache(file)).toBeDefined();

    // Nothing changed: served from the result cache, and the tsconfig (it has comments) is read without TypeScript.
    const warm = runCli(['--format', 'json', '--cache-location', cache, '.'], project, { SSOT_TIMING: '1' });
    expect(warm.stderr).toContain('"results":"unchanged"');
    expect(warm.stderr).toContain('"typescript":"not loaded"');

    // Truncated: ignored the same way.
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 30));
    expect(coldRun(project, cache).typescript).toBe('compiled');
  });

  it('is not used without a fact cache', () => {
    const project = path.join(work, 'project');
    fs.cpSync(FIXTURE, project, { recursive: true });
    const r = runCli(['--format', 'json', '--no-cache', '.'], project, { SSOT_TIMING: '1' });
    expect(r.stderr).toContain('"typescript":"required"');
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(false);
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

/**
 * The CLI runs from one bundled file (scripts/bundle.js → dist/cli/main.js, built by `npm test`'s
 * build step). What the bundle could get wrong and the compiled modules cannot: where it finds the
 * worker script, which code it hashes into the cache keys, and whether TypeScript stays lazy (that
 * last one: typescript-load.test.ts, "a warm run does not load TypeScript").
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, spawnCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/websocket-sprawl');

let work: string;
beforeEach(() => {
  work = tempDir('ssot-bundle-');
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function timingOf(stderr: string): Record<string, unknown> {
  return JSON.parse(/ssot-lint timing: (.*)/.exec(stderr)![1]!) as Record<string, unknown>;
}

describe('the bundled CLI', () => {
  it('is what bin/ssot-lint.js runs', () => {
    expect(fs.readFileSync(BIN, 'utf8')).toMatch(/from '\.\.\/dist\/cli\/main\.js'/);
    expect(fs.existsSync(path.join(ROOT, 'dist/cli/extract-worker.js'))).toBe(true);
  });

  it('keys the fact cache with the same code hash as the compiled modules', () => {
    const project = path.join(work, 'project');
    const cache = path.join(work, 'cache');
    fs.cpSync(FIXTURE, project, { recursive: true });
    expect(spawnCli(['--format', 'json', '--cache-location', cache, '.'], project).code).toBe(1);
    const seg = fs.readdirSync(cache).find((n) => n.endsWith('.seg'))!;
    const text = fs.readFileSync(path.join(cache, seg), 'utf8');
    const header = JSON.parse(text.slice(text.lastIndexOf('\n') + 1)) as { configKey: string; root: string };
    // The key dist/src computes for the same root, in a process of its own (this one runs src/*.ts).
    const expected = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(path.join(ROOT, 'dist/src/cache/open.js'))}); process.stdout.write(m.cacheKey(${JSON.stringify(header.root)}).configKey);`],
      { encoding: 'utf8' },
    );
    // A bundle that found no code to hash would get a fresh random key on every run instead.
    expect(header.configKey).toBe(expected);
  });

  it('extracts in worker threads, with the same findings as one thread', () => {
    const project = path.join(work, 'project');
    fs.cpSync(FIXTURE, project, { recursive: true });
    const one = spawnCli(['--format', 'json', '--no-cache', '--threads', '1', '.'], project, { SSOT_TIMING: '1' });
    // Every file to the worker: a worker script the bundle cannot find would leave them all to this thread.
    const two = spawnCli(['--format', 'json', '--no-cache', '--threads', '2', '.'], project, { SSOT_TIMING: '1', SSOT_WORKERS_ONLY: '1' });
    expect(timingOf(one.stderr).workers).toBe(0);
    const t = timingOf(two.stderr);
    expect(t.workers).toBe(1);
    expect(t.parsedInWorkers).toBe(t.parsed);
    const findings = (r: { stdout: string }): unknown => (JSON.parse(r.stdout) as { findings: unknown[] }).findings;
    expect(findings(two)).toEqual(findings(one));
    expect((findings(one) as unknown[]).length).toBeGreaterThan(0);
  });
});

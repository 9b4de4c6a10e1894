/**
 * A hanging `create`, `dispose` or `close` in a plain ESM script that has nothing else alive: what the
 * script awaits must settle within its timeout (exit 0, the error codes printed), not leave Node to
 * exit with code 13 ("unsettled top-level await") because the only timer was unreferenced; and a
 * wait nobody awaits must not hold the process open. Runs the built registry (`npm run build`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist/src/registry/index.js');

/** One scenario per process; each prints what it saw, one line each, and ends with 'end'. */
const SCRIPT = `
import { createRegistry, createConnectionPool } from ${JSON.stringify(pathToFileURL(BUILT).href)};
const never = () => new Promise(() => {});
const print = (line) => process.stdout.write(line + '\\n');
const onError = (e) => print('onError ' + e.code);
const started = Date.now();
const manager = (ctx) => ({ user: ctx.userId });
switch (process.argv[2]) {
  case 'pool-add': {
    const pool = createConnectionPool({ key: (c) => c.userId, maxPerKey: 1, isAlive: (c) => c.open, close: never, closeTimeoutMs: 200, onError });
    await pool.add({ userId: 'u', open: false });
    await pool.add({ userId: 'u', open: true }); // evicts the dead one, whose close never settles
    print('added ' + pool.count('u'));
    break;
  }
  case 'pool-clear': {
    const pool = createConnectionPool({ key: (c) => c.userId, maxPerKey: 5, isAlive: () => true, close: never, closeTimeoutMs: 200, onError });
    await pool.add({ userId: 'u' });
    await pool.clear();
    print('cleared ' + pool.status().size);
    break;
  }
  case 'create': {
    const reg = createRegistry({ name: 'M', key: (c) => c.userId, create: never, createTimeoutMs: 200, onError });
    try {
      await reg.getAsync({ userId: 'u' });
    } catch (e) {
      print('rejected ' + e.code);
    }
    print('pending ' + reg.status().pending);
    break;
  }
  case 'release-during-create': {
    const reg = createRegistry({ name: 'M', key: (c) => c.userId, create: never, createTimeoutMs: 200, onError });
    reg.getAsync({ userId: 'u' }).catch((e) => print('rejected ' + e.code));
    print('released ' + (await reg.release({ userId: 'u' })));
    break;
  }
  case 'dispose-release':
  case 'dispose-clear':
  case 'dispose-sweep': {
    let now = 0;
    const reg = createRegistry({ name: 'M', key: (c) => c.userId, create: manager, dispose: never, disposeTimeoutMs: 200, idleTtlMs: 10, now: () => now, onError });
    reg.get({ userId: 'u' });
    if (process.argv[2] === 'dispose-release') print('released ' + (await reg.release({ userId: 'u' })));
    else if (process.argv[2] === 'dispose-clear') print('cleared ' + (await reg.clear(), reg.status().size));
    else print('swept ' + ((now = 100), await reg.sweep()));
    break;
  }
  case 'unawaited': {
    // Nobody awaits these: a create started by get() and an eviction's dispose. Long timeouts, and
    // the process must still end at once.
    const reg = createRegistry({ name: 'M', key: (c) => c.userId, create: (ctx) => (ctx.userId === 'async' ? never() : manager(ctx)), dispose: never, maxEntries: 1, createTimeoutMs: 60_000, disposeTimeoutMs: 60_000, onError });
    try {
      reg.get({ userId: 'async' });
    } catch (e) {
      print('get ' + e.code);
    }
    reg.get({ userId: 'a' });
    reg.get({ userId: 'b' }); // evicts a: dispose never settles
    print('status ' + reg.status().evicted);
    break;
  }
}
print('end ' + (Date.now() - started < 5_000 ? 'in time' : 'late'));
`;

let dir: string;
let script: string;

beforeAll(() => {
  dir = tempDir('ssot-registry-hang-');
  script = path.join(dir, 'hang.mjs');
  fs.writeFileSync(script, SCRIPT);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(scenario: string): Promise<{ code: number | null; lines: string[]; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, lines: stdout.trim().split('\n'), stderr, ms: performance.now() - started }));
  });
}

describe('hanging create, dispose and close in a process with nothing else alive', () => {
  it('has the built registry to import', () => {
    expect(fs.existsSync(BUILT), 'run `npm run build` first').toBe(true);
  });

  const cases: [scenario: string, lines: string[]][] = [
    ['pool-add', ['onError close-timeout', 'added 1']],
    ['pool-clear', ['onError close-timeout', 'cleared 0']],
    ['create', ['onError create-timeout', 'rejected create-timeout', 'pending 0']],
    ['release-during-create', ['onError create-timeout', 'rejected create-timeout', 'released true']],
    ['dispose-release', ['onError dispose-timeout', 'released true']],
    ['dispose-clear', ['onError dispose-timeout', 'cleared 0']],
    ['dispose-sweep', ['onError dispose-timeout', 'swept 1']],
  ];
  it.each(cases)('%s: settles at its timeout, exit 0, reports the timeout', async (scenario, lines) => {
    const r = await run(scenario);
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([...lines, 'end in time']);
    expect(r.code).toBe(0);
  });

  it('a create started by get() and an eviction dispose, never awaited, do not keep the process alive (60 s timeouts)', async () => {
    const r = await run('unawaited');
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual(['get async-create-in-get', 'status 1', 'end in time']);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
  });
});

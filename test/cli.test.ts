/**
 * The CLI on the sprawl fixture — text, JSON, exit codes, usage errors — in-process (runCli), and
 * the built binary for what only a process shows: start-up, exit codes as the shell sees them, and
 * the same output as the in-process run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, ROOT, spawnCli } from './helpers/cli.js';
import { assertValidReport } from './helpers/schema.js';
import { tempDir } from './helpers/temp.js';

const SPRAWL = 'fixtures/websocket-sprawl';
// The caches of these runs go to a temp directory, never into the checked-in fixture.
const CACHE = ['--cache-location', tempDir('ssot-cli-cache-')];

describe('ssot-lint CLI', () => {
  it('prints the sprawl findings grouped by file with related places and exits 1', async () => {
    const r = await runCli([SPRAWL, ...CACHE, ...CACHE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('fixtures/websocket-sprawl/src/services/chat-service.ts\n');
    expect(r.stdout).toMatch(/6:27 +error +`await getWebSocketManager\(\)` has no effect/);
    expect(r.stdout).toContain('↳ fixtures/websocket-sprawl/src/core/factory.ts:11:17 synchronous definition of getWebSocketManager()');
    expect(r.stdout).toMatch(/✖ \d+ findings \(\d+ errors, \d+ warnings\)( from \d+ causes)? in \d+ files · 17 files scanned in [\d.]+s/);
  });

  it('writes a JSON report that validates against docs/report.schema.json, deterministically', async () => {
    const a = await runCli([SPRAWL, ...CACHE, '--format', 'json']);
    const b = await runCli([SPRAWL, ...CACHE, '--format', 'json']);
    expect(a.code).toBe(1);
    const report = JSON.parse(a.stdout) as { summary: { findings: number; byRule: Record<string, number>; durationMs: number }; findings: { file: string; fingerprint: string }[] };
    assertValidReport(report);
    const strip = (s: string): string => s.replace(/"durationMs": \d+/, '"durationMs": 0');
    expect(strip(b.stdout)).toBe(strip(a.stdout));
    expect(report.summary.findings).toBe(report.findings.length);
    expect(Object.keys(report.summary.byRule).sort()).toEqual([
      'alias-divergence',
      'awaited-sync-call',
      'direct-instantiation',
      'divergent-import-path',
      'duplicate-implementation',
      'factory-fragmentation',
      'fallback-bypass',
      'import-cycle',
      'registry-key-inconsistency',
      'shared-mutable-state',
      'singleton-sharing',
    ]);
    for (const f of report.findings) expect(f.file.startsWith('fixtures/websocket-sprawl/')).toBe(true);
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
  });

  it('--rule runs only the named rules; --fail-on decides the exit code', async () => {
    const warnOnly = await runCli([SPRAWL, ...CACHE, '--rule', 'duplicate-implementation', '--format', 'json']);
    const report = JSON.parse(warnOnly.stdout) as { findings: { ruleId: string; severity: string; file: string; line: number; symbol: string }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.symbol}`)).toEqual([
      'duplicate-implementation warning fixtures/websocket-sprawl/src/core/unified-manager.ts:4 UnifiedWebSocketManager',
      'duplicate-implementation warning fixtures/websocket-sprawl/src/legacy/websocket-manager-legacy.ts:4 LegacyWebSocketManager',
    ]);
    expect(warnOnly.code).toBe(0); // warnings do not fail at the default --fail-on error
    expect((await runCli([SPRAWL, ...CACHE, '--rule', 'duplicate-implementation', '--fail-on', 'warning'])).code).toBe(1);
  });

  it('--quiet shows errors only', async () => {
    const r = await runCli([SPRAWL, ...CACHE, '--quiet']);
    expect(r.stdout).not.toContain(' warning ');
    expect(r.stdout).toContain(' error ');
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const dir = tempDir('ssot-out-');
    const out = path.join(dir, 'report.json');
    const r = await runCli([SPRAWL, ...CACHE, '--format', 'json', '--output', out]);
    expect(r.stdout).toBe('');
    assertValidReport(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });

  it('exits 0 with a clean message on a clean tree', async () => {
    const dir = tempDir('ssot-clean-');
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const x = 1;\n');
    const r = await runCli(['.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ no SSOT violations · 1 file scanned/);
  });

  it.each([
    [['does-not-exist'], /^ssot-lint: path not found: does-not-exist$/],
    [[SPRAWL, '--format', 'yaml'], /format/],
    [[SPRAWL, '--rule', 'no-such-rule'], /^ssot-lint: --rule no-such-rule: no such rule/],
    [[SPRAWL, '--fail-on', 'fatal'], /fail-on/],
    [[SPRAWL, '--config', 'missing.json'], /^ssot-lint: --config missing\.json: file not found$/],
    [[SPRAWL, '--tsconfig', 'missing.json'], /^ssot-lint: --tsconfig missing\.json: file not found$/],
    [[SPRAWL, '--format', 'json', '--output', '/nonexistent-dir/r.json'], /^ssot-lint: --output \/nonexistent-dir\/r\.json: directory \/nonexistent-dir does not exist$/],
  ])('usage error %j exits 2 with one clear line', async (args, pattern) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(pattern);
  });

});

describe('the binary (spawned)', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = spawnCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    ['findings that fail the gate', [SPRAWL, '--no-cache', '--format', 'json'], 1],
    ['text with findings', [SPRAWL, '--no-cache', '--explain', '--rule', 'awaited-sync-call'], 1],
    ['warnings only', [SPRAWL, '--no-cache', '--rule', 'duplicate-implementation'], 0],
    ['a usage error', ['does-not-exist'], 2],
    ['an unknown option', ['--no-such-option'], 2],
    ['the rules', ['rules'], 0],
  ])('%s: exit code, stdout and stderr as the in-process run', async (_, args, code) => {
    // Durations differ from run to run; nothing else may.
    const stable = (s: string): string => s.replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/ in [\d.]+s\b/g, ' in 0s');
    const spawned = spawnCli(args as string[]);
    const inProcess = await runCli(args as string[]);
    expect(spawned.code).toBe(code);
    expect({ ...inProcess, stdout: stable(inProcess.stdout), stderr: stable(inProcess.stderr) }).toEqual({ ...spawned, stdout: stable(spawned.stdout), stderr: stable(spawned.stderr) });
  });
});

describe('--explain', () => {
  it('prints the chain from the import through every re-export hop to the synchronous definition', async () => {
    const r = await runCli([SPRAWL, ...CACHE, '--rule', 'awaited-sync-call', '--explain']);
    expect(r.stdout).toContain(
      [
        '            chain:',
        "              → fixtures/websocket-sprawl/src/services/chat-service.ts:1 import { getWebSocketManager } from '@app/core'",
        "              → fixtures/websocket-sprawl/src/core/index.ts:3 export { getWebSocketManager } from './factory'",
        '              → fixtures/websocket-sprawl/src/core/factory.ts:11 getWebSocketManager() is declared to return WebSocketManager',
      ].join('\n'),
    );
    expect((await runCli([SPRAWL, ...CACHE, '--rule', 'awaited-sync-call'])).stdout).not.toContain('chain:');
  });
});

describe('subcommand options', () => {
  it('belong to the subcommand: concepts -c names its own config, baseline -o its own file', async () => {
    const bad = await runCli(['concepts', SPRAWL, '--config', 'no-such-config.json', '--no-cache']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['ssot-lint: --config no-such-config.json: file not found']);
    const out = path.join(tempDir(), 'bl.json');
    const written = await runCli(['baseline', SPRAWL, '-o', out, '--no-cache']);
    expect(written.code).toBe(0);
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: { file: string }[] }).findings.map((f) => f.file)).toContain('fixtures/websocket-sprawl/src/app/shared.ts');
  });
});

describe('a reader that goes away', () => {
  it('--fix-dry-run | head: the CLI stops quietly, no EPIPE crash', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'fixtures/sprawl', '--fix-dry-run', '--no-cache', '-f', 'text:/dev/null'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first chunk, then close the pipe, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect([0, 1]).toContain(code);
  });
});

describe('runMain (in-process)', () => {
  it('refuses a second run while one is in progress, and puts cwd and streams back', async () => {
    const { runMain } = await import('../src/cli/main.js');
    const cwd = process.cwd();
    const write = process.stdout.write;
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {}, cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } };
    const first = runMain(['rules'], io);
    await expect(runMain(['rules'], { ...io, cwd: tempDir() })).rejects.toThrow('one run at a time');
    expect(await first).toBe(0);
    expect(out.join('')).toContain('awaited-sync-call');
    expect(process.cwd()).toBe(cwd);
    expect(process.stdout.write).toBe(write);
  });
});

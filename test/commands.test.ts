/**
 * `init`, `rules`, `explain`, thresholds and exit codes, `--explain`, the per-concept roll-up of the
 * JSON report, and the shipped config schema (which `init` points at).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, validateConfig } from '../src/config/config.js';
import { ALL_RULES } from '../src/engine/run.js';
import type { ConceptRollup } from '../src/report/types.js';
import { runCli, ROOT } from './helpers/cli.js';
import { makeProject, SMALL_PROJECT } from './helpers/project.js';
import { assertValidReport } from './helpers/schema.js';

const SPRAWL = 'fixtures/websocket-sprawl';
const configSchema = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/config.schema.json'), 'utf8')) as object);

function sprawlCopy(): string {
  const dir = makeProject({});
  fs.cpSync(path.join(ROOT, SPRAWL), dir, { recursive: true });
  return dir;
}

describe('ssot-lint init', () => {
  it('proposes one concept per duplicate group, the most-imported implementation as canonical, with $schema and comments', async () => {
    const dir = sprawlCopy();
    const r = await runCli(['init'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ssot-lint: wrote ssot\.config\.json: 17 files scanned, 1 concept proposed \(WebSocketManager\)\.\n  WebSocketManager  src\/core\/websocket-manager\.ts#WebSocketManager\n    - 3 implementations/);
    // The concept map on the terminal gives each reason with its evidence.
    expect(r.stdout).toContain('    - cached by factory getWebSocketManager() (src/core/factory.ts:11): construct it only through getWebSocketManager() (evidence: 1)');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8')) as { $schema: string; $comment: string[]; concepts: { name: string; canonical: string; factories?: string[]; $comment: string }[] };
    expect(config.$schema).toBe('./node_modules/ssot-lint/docs/config.schema.json');
    expect(config.$comment.length).toBeGreaterThan(2);
    expect(config.concepts).toEqual([
      {
        $comment: expect.stringMatching(/^3 implementations: WebSocketManager \(src\/core\/websocket-manager\.ts, imported 7 times\); /),
        name: 'WebSocketManager',
        canonical: 'src/core/websocket-manager.ts#WebSocketManager',
        factories: ['src/core/factory.ts#getWebSocketManager'],
      },
    ]);
    expect(configSchema(config), JSON.stringify(configSchema.errors)).toBe(true);
    // The written file is a working config: the run picks it up and names the configured canonical.
    expect(loadConfigFile(path.join(dir, 'ssot.config.json')).config.concepts).toHaveLength(1);
    const run = await runCli(['-f', 'json'], dir);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; related: { message: string }[] }[] };
    assertValidReport(report);
    expect(report.findings.find((f) => f.ruleId === 'duplicate-implementation')!.related[0]!.message).toBe('WebSocketManager (configured canonical)');
  });

  it('on a configured project adds only what is new, leaves the file alone when nothing is, and --force rewrites it', async () => {
    const dir = makeProject(SMALL_PROJECT);
    const added = await runCli(['init'], dir);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^ssot-lint: added 1 concept to ssot\.config\.json \(Manager\); review them:\n  Manager  src\/factory\.ts#Manager\n/);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8')) as { concepts: { canonical: string }[] };
    expect(config.concepts.map((c) => c.canonical)).toEqual(['src/factory.ts#Manager']);
    const before = fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8');
    const again = await runCli(['init'], dir);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/^ssot-lint: ssot\.config\.json unchanged: \d+ files scanned, nothing new to propose \(1 concept configured\)\.\n$/);
    expect(fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8')).toBe(before);
    expect((await runCli(['init', '--force'], dir)).code).toBe(0);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8')) as { concepts: { canonical: string }[] }).concepts.map((c) => c.canonical)).toEqual(['src/factory.ts#Manager']);
  });

  it('proposes the concepts of a sprawling app (names, singletons, products, duplicates), and the config it writes still finds the planted violations', async () => {
    const dir = makeProject({});
    fs.cpSync(path.join(ROOT, 'fixtures/sprawl/py-app'), dir, { recursive: true });
    const before = JSON.parse((await runCli(['-f', 'json'], dir)).stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    const r = await runCli(['init'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 concepts proposed \(_WebSocketManagerImpl, hub, _GatewayImpl\)/);
    expect(r.stdout).toContain('the name WebSocketManager means 5 things in 5 modules');
    expect(r.stdout).toContain('one shared instance hub (chat/notify/hub.py) imported by 3 modules');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'ssot.config.json'), 'utf8')) as unknown;
    expect(configSchema(config), JSON.stringify(configSchema.errors)).toBe(true);
    const after = JSON.parse((await runCli(['-f', 'json'], dir)).stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    assertValidReport(after);
    // Every planted violation the labels name is still found with the proposed concepts in force.
    const key = (f: { ruleId: string; file: string; line: number }): string => `${f.ruleId} ${f.file}:${f.line}`;
    const kept = new Set(after.findings.map(key));
    expect(before.findings.map(key).filter((k) => !kept.has(k) && !k.startsWith('duplicate-implementation'))).toEqual([]);
  });

  it('writes into the given directory and finds no concepts in a clean project', async () => {
    const dir = makeProject({ 'app/src/a.ts': 'export const a = 1;\n' });
    const r = await runCli(['init', 'app'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote app/ssot.config.json: 1 files scanned, 0 concepts proposed');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'app/ssot.config.json'), 'utf8'))).toMatchObject({ concepts: [], rules: {}, requireSuppressionReason: true });
    expect((await runCli(['init', 'missing'], dir)).stderr).toBe('ssot-lint: init missing: not a directory\n');
  });
});

describe('declared concepts', () => {
  it('a concept that names nothing found is a warning naming the key, and an error (exit 2, nothing written) under --strict-config', async () => {
    const dir = makeProject({});
    fs.cpSync(path.join(ROOT, 'fixtures/concepts-websocket'), dir, { recursive: true });
    const file = path.join(dir, 'ssot.config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { concepts: object[] };
    config.concepts.push({ name: 'Typo', canonical: 'src/realtime/client.ts#ApiClnt' }, { name: 'Redis', class: 'ioredis#Redis' });
    fs.writeFileSync(file, JSON.stringify(config));
    const lenient = await runCli(['--no-cache', '-f', 'json'], dir);
    expect(lenient.code).toBe(1);
    expect(lenient.stderr).toContain('ssot-lint: warning: ssot.config.json: concepts[3].canonical "src/realtime/client.ts#ApiClnt": src/realtime/client.ts declares no class ApiClnt\n');
    expect(lenient.stderr).toContain('ssot-lint: warning: ssot.config.json: concepts[4].class "ioredis#Redis": nothing in the analysed files imports it\n');
    const strict = await runCli(['--no-cache', '--strict-config', '-f', 'json:report.json'], dir);
    expect(strict).toMatchObject({ code: 2, stdout: '' });
    expect(strict.stderr).toBe('ssot-lint: ssot.config.json: concepts[3].canonical "src/realtime/client.ts#ApiClnt": src/realtime/client.ts declares no class ApiClnt (and 1 more); --strict-config makes this an error\n');
    expect(fs.existsSync(path.join(dir, 'report.json'))).toBe(false);
    // The shipped fixture itself names only what exists: no warning, strict or not.
    fs.cpSync(path.join(ROOT, 'fixtures/concepts-websocket/ssot.config.json'), file);
    expect((await runCli(['--no-cache', '--strict-config'], dir)).stderr).toBe('');
  });

  it('rejects a bad class, scope or owners value naming the key', async () => {
    const dir = makeProject({ 'src/a.ts': 'export const a = 1;\n' });
    const bad = async (concept: object): Promise<string> => {
      fs.writeFileSync(path.join(dir, 'ssot.config.json'), JSON.stringify({ concepts: [concept] }));
      const r = await runCli(['--no-cache'], dir);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await bad({ name: 'X', class: 'not a class' })).toContain('concepts[0].class');
    expect(await bad({ name: 'X', scope: 'thread' })).toContain('concepts[0].scope');
    expect(await bad({ name: 'X', owners: 'src/**' })).toContain('concepts[0].owners');
  });
});

describe('the config schema', () => {
  it('lists every rule, and agrees with the config validator on good and bad configs', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/config.schema.json'), 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
    for (const r of ALL_RULES) expect(Object.keys(schema.properties.rules.properties)).toContain(r.id);
    const good = [
      {},
      { $schema: 'x', $comment: 'note', include: ['src/**'], exclude: [], testFiles: ['**/*.t.ts'], tsconfig: 'tsconfig.json', requireSuppressionReason: false },
      { rules: { 'awaited-sync-call': 'off', 'divergent-import-path': ['warning', { includeTests: true }] } },
      { concepts: [{ $comment: ['a', 'b'], name: 'M', canonical: 'src/m.ts#M', factories: ['getM'], allowNewIn: ['test/**'] }] },
      { python: { roots: ['src', 'backend'] } },
      { python: {} },
    ];
    const bad = [{ include: 'src' }, { unknown: 1 }, { rules: { 'awaited-sync-call': 'fatal' } }, { concepts: [{ canonical: 'src/m.ts#M' }] }, { concepts: [{ name: 'M', canonical: 'src/m.ts' }] }, { requireSuppressionReason: 'yes' }, { python: { roots: 'src' } }, { python: { root: ['src'] } }];
    for (const c of good) {
      expect(configSchema(c), JSON.stringify(c)).toBe(true);
      expect(() => validateConfig(c, 'c')).not.toThrow();
    }
    for (const c of bad) {
      expect(configSchema(c), JSON.stringify(c)).toBe(false);
      expect(() => validateConfig(c, 'c'), JSON.stringify(c)).toThrow();
    }
  });
});

describe('docs/ci.md', () => {
  it("documents every rule's primary location (where its findings are suppressed)", () => {
    const md = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    for (const r of ALL_RULES) expect(md).toContain(`| \`${r.id}\` | ${r.primaryLocation} |`);
  });
});

describe('ssot-lint rules / explain', () => {
  it('lists every rule with its default severity and summary', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    for (const rule of ALL_RULES) expect(r.stdout).toMatch(new RegExp(`^${rule.id} +${rule.severity} +${rule.summary.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}$`, 'm'));
    const json = JSON.parse((await runCli(['rules', '--json'])).stdout) as { id: string }[];
    expect(json.map((x) => x.id)).toEqual(ALL_RULES.map((x) => x.id));
  });

  it("prints a rule's doc, or its metadata when the doc is missing; unknown ids are usage errors", async () => {
    const r = await runCli(['explain', 'awaited-sync-call']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'docs/rules/awaited-sync-call.md'), 'utf8'));
    const missing = ALL_RULES.find((x) => !fs.existsSync(path.join(ROOT, 'docs/rules', `${x.id}.md`)));
    if (missing) expect((await runCli(['explain', missing.id])).stdout).toContain(`Default severity: ${missing.severity}. Reported at: ${missing.primaryLocation}.`);
    const bad = await runCli(['explain', 'no-such-rule']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('ssot-lint: explain no-such-rule: no such rule; run `ssot-lint rules` for the list\n');
  });
});

describe('thresholds and exit codes', () => {
  it('--max-warnings fails on more warnings than allowed; --fail-on sets the failing severity', async () => {
    const warnOnly = [SPRAWL, '--no-cache', '--rule', 'duplicate-implementation', 'divergent-import-path'];
    expect((await runCli(warnOnly)).code).toBe(0);
    expect((await runCli([...warnOnly, '--max-warnings', '4'])).code).toBe(0);
    const over = await runCli([...warnOnly, '--max-warnings', '3']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('ssot-lint: 4 warnings, more than --max-warnings 3\n');
    expect((await runCli([...warnOnly, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli([SPRAWL, '--no-cache', '--rule', 'awaited-sync-call', '--fail-on', 'error'])).code).toBe(1);
  });
});

describe('--explain', () => {
  it('prints the chain that proves a finding under it in the terminal', async () => {
    const r = await runCli([SPRAWL, '--no-cache', '--explain', '--rule', 'awaited-sync-call']);
    expect(r.stdout).toContain(
      [
        '            chain:',
        "              → fixtures/websocket-sprawl/src/services/chat-service.ts:1 import { getWebSocketManager } from '@app/core'",
        "              → fixtures/websocket-sprawl/src/core/index.ts:3 export { getWebSocketManager } from './factory'",
      ].join('\n'),
    );
    expect((await runCli([SPRAWL, '--no-cache', '--rule', 'awaited-sync-call'])).stdout).not.toContain('chain:');
  });
});

describe('concepts[] in the JSON report', () => {
  it('rolls up the sprawl fixture: canonical, implementations, import paths with counts, factories, findings per rule', async () => {
    const r = await runCli(['-f', 'json', '--no-cache'], path.join(ROOT, SPRAWL));
    const report = JSON.parse(r.stdout) as { concepts: ConceptRollup[] };
    assertValidReport(report);
    expect(report.concepts.map((c) => c.name)).toEqual(['WebSocketManager']);
    const c = report.concepts[0]!;
    expect(c.sources).toEqual(['duplicates', 'factory']);
    expect(c.canonical).toEqual({ id: 'src/core/websocket-manager.ts#WebSocketManager', name: 'WebSocketManager', file: 'src/core/websocket-manager.ts', line: 6 });
    expect(c.implementations.map((i) => `${i.name} ${i.imports}`)).toEqual(['WebSocketManager 7', 'UnifiedWebSocketManager 1', 'LegacyWebSocketManager 0']);
    const paths = c.importPaths.filter((p) => p.symbol === c.canonical!.id).map((p) => `${p.via} ${p.uses}`);
    expect(paths).toContain('src/core/index.ts 4');
    expect(paths).toContain('src/core/websocket-manager.ts 3');
    expect(c.factories.map((f) => `${f.name} ${f.kind}`)).toEqual(['createWebSocketManager fresh', 'getWebSocketManager cached']);
    expect(c.findings.byRule).toMatchObject({ 'duplicate-implementation': 2, 'direct-instantiation': 1, 'fallback-bypass': 2, 'singleton-sharing': 1, 'awaited-sync-call': 1 });
    expect(c.findings.total).toBe(Object.values(c.findings.byRule).reduce((a, b) => a + b, 0));
  });

  it('includes configured concepts by their configured name, and registries', async () => {
    const dir = makeProject({
      ...SMALL_PROJECT,
      'ssot.config.json': JSON.stringify({ concepts: [{ name: 'Connection manager', canonical: 'src/factory.ts#Manager', factories: ['getManager'] }] }),
      'src/registry.ts': "import { createRegistry } from 'ssot-lint/registry';\nexport class Session { open(): void {} }\nexport const sessions = createRegistry({ create: () => new Session() });\n",
    });
    const report = JSON.parse((await runCli(['-f', 'json'], dir)).stdout) as { concepts: ConceptRollup[] };
    assertValidReport(report);
    const byName = new Map(report.concepts.map((c) => [c.name, c]));
    expect(byName.get('Connection manager')).toMatchObject({ sources: ['config', 'duplicates'], canonical: { id: 'src/factory.ts#Manager' } });
    expect(byName.get('Connection manager')!.implementations.map((i) => i.name)).toEqual(['Manager', 'LegacyManager']);
    expect(byName.get('Session')).toMatchObject({ sources: ['registry'], registry: { name: 'sessions', file: 'src/registry.ts', line: 3 } });
  });
});

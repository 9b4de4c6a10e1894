/** Issue 15 item 9: every rule has an `includeTests` option, documented with its default, and it works. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, analyze } from '../src/engine/run.js';
import { makeProject } from './helpers/project.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('includeTests', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/config.schema.json'), 'utf8')) as {
    properties: { rules: { properties: Record<string, unknown> } };
  };

  it('is an option of every rule, documented with its default, and in the schema', () => {
    for (const rule of ALL_RULES.filter((r) => r.id !== 'unused-suppression')) {
      const opt = (rule.options as Record<string, { type: string; default: unknown }>).includeTests;
      expect(opt, rule.id).toBeDefined();
      expect(opt!.type, rule.id).toBe('boolean');
      const md = fs.readFileSync(path.join(ROOT, `docs/rules/${rule.id}.md`), 'utf8');
      const options = md.slice(md.indexOf('## Options'), md.indexOf('## Known limits'));
      const line = options.split('\n').find((l) => l.includes('`includeTests`'));
      expect(line, rule.id).toMatch(new RegExp(`\`${String(opt!.default)}\``));
      expect(JSON.stringify(schema.properties.rules.properties[rule.id]), rule.id).toMatch(/ruleSettingWithTests|includeTests/);
    }
  });

  it('has a default chosen per rule: true for awaited-sync-call (an await of a sync function in a test is a bug), false for direct-instantiation', () => {
    const byId = new Map(ALL_RULES.map((r) => [r.id, (r.options as Record<string, { default: unknown }>).includeTests?.default]));
    expect(byId.get('awaited-sync-call')).toBe(true);
    expect(byId.get('direct-instantiation')).toBe(false);
  });

  const run = (files: Record<string, string>, rule: string, includeTests?: boolean): string[] => {
    const config = includeTests === undefined ? {} : { rules: { [rule]: ['error', { includeTests }] } };
    const dir = makeProject({ ...files, 'ssot.config.json': JSON.stringify(config) });
    return analyze({ targets: ['.'], cwd: dir, onlyRules: [rule] }).findings.map((f) => `${f.file}:${f.line}`);
  };

  it('awaited-sync-call reports awaits in tests by default, and not when switched off', () => {
    const files = {
      'app/__init__.py': '',
      'app/factory.py': 'class M:\n    pass\n\n\ndef get_m() -> M:\n    return M()\n',
      'tests/test_m.py': 'from app.factory import get_m\n\n\nasync def test_m():\n    m = await get_m()\n',
    };
    expect(run(files, 'awaited-sync-call')).toEqual(['tests/test_m.py:5']);
    expect(run(files, 'awaited-sync-call', false)).toEqual([]);
  });

  it('duplicate-implementation counts factories in tests only when asked', () => {
    const factory = (body: string): string => `import { Widget } from '../src/widget';\nexport function makeWidget(): Widget {\n  return new Widget(${body});\n}\n`;
    const files = {
      'src/widget.ts': 'export class Widget {\n  constructor(readonly n = 0) {}\n}\n',
      'src/make.ts': factory('1'),
      'test/make.test.ts': factory('2'),
    };
    expect(run(files, 'duplicate-implementation')).toEqual([]);
    expect(run(files, 'duplicate-implementation', true)).toHaveLength(1);
  });

  it('alias-divergence counts bindings in tests only when asked', () => {
    const files = {
      'src/manager.ts': 'export class Manager {\n  run(): void {}\n  stop(): void {}\n  status(): string {\n    return "";\n  }\n}\n',
      'src/use.ts': "import { Manager } from './manager';\nexport const m = new Manager();\n",
      'test/fake.test.ts': 'class LocalManager {\n  run(): void {}\n  stop(): void {}\n  status(): string {\n    return "x";\n  }\n}\nexport { LocalManager as Manager };\n',
      'test/other.test.ts': "import { Manager } from './fake.test';\nexport const x = new Manager();\n",
    };
    expect(run(files, 'alias-divergence')).toEqual([]);
    expect(run(files, 'alias-divergence', true).length).toBeGreaterThan(0);
  });
});

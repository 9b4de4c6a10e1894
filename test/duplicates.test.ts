/** Build copies vs real re-implementations: what duplicate-implementation groups. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStem, conceptKey, NAME_DECORATIONS } from '../src/model/analysis/duplicates.js';
import { analyze } from '../src/engine/run.js';
import { tempDir } from './helpers/temp.js';

const CLASS = (name: string): string => `export class ${name} {\n  subscribe() {}\n  unsubscribe() {}\n  setFocused() {}\n  isFocused() { return true; }\n}\n`;

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function project(files: Record<string, string>): string {
  dir = tempDir('ssot-dup-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('NAME_DECORATIONS', () => {
  const cap = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
  it('every prefix in the table is stripped from a concept name', () => {
    for (const p of NAME_DECORATIONS.prefixes) expect(conceptKey(`${cap(p)}WebSocketManager`), p).toBe('websocketmanager');
  });
  it('every suffix in the table is stripped from a concept name', () => {
    for (const s of NAME_DECORATIONS.suffixes) expect(conceptKey(`WebSocketManager${cap(s)}`), s).toBe('websocketmanager');
  });
  it('a leading underscore, a version and snake case are decorations; the noun itself is not', () => {
    expect(conceptKey('_WebSocketManagerImpl')).toBe('websocketmanager');
    expect(conceptKey('WebSocketManagerV2')).toBe('websocketmanager');
    expect(conceptKey('unified_websocket_manager')).toBe('websocketmanager');
    expect(conceptKey('Adapter')).toBe('adapter');
    expect(conceptKey('PaymentGateway')).not.toBe(conceptKey('Gateway'));
  });
});

describe('buildStem', () => {
  it('maps build copies of one source to one stem', () => {
    expect(buildStem('dist/cjs/a/b.js')).toBe(buildStem('dist/esm/a/b.mjs'));
    expect(buildStem('src/v3/types.ts')).toBe(buildStem('v3/types.cjs'));
    expect(buildStem('build/legacy/focusManager.cjs')).toBe(buildStem('build/modern/focusManager.js'));
    // Run on the output directory itself: the paths start below it.
    expect(buildStem('legacy/focusManager.cjs', 'build')).toBe(buildStem('modern/focusManager.js', 'build'));
  });
  it('keeps a legacy directory in sources apart from the current code', () => {
    expect(buildStem('src/legacy/manager.ts')).not.toBe(buildStem('src/manager.ts'));
    expect(buildStem('src/legacy/manager.ts')).not.toBe(buildStem('src/core/manager.ts'));
    expect(buildStem('legacy/manager.ts', 'app')).not.toBe(buildStem('manager.ts', 'app'));
  });
});

describe('duplicate-implementation on build output and sources', () => {
  it('one class built per target (build/legacy, build/modern) is not a duplicate', () => {
    const cwd = project({ 'build/legacy/focus.js': CLASS('FocusManager'), 'build/modern/focus.js': CLASS('FocusManager') });
    const r = analyze({ targets: ['build'], cwd, onlyRules: ['duplicate-implementation'] });
    expect(r.filesScanned).toBe(2);
    expect(r.findings).toEqual([]);
    const inside = analyze({ targets: ['.'], cwd: path.join(cwd, 'build'), onlyRules: ['duplicate-implementation'] });
    expect(inside.filesScanned).toBe(2);
    expect(inside.findings).toEqual([]);
  });
  it('a legacy copy in the sources still is', () => {
    const cwd = project({ 'src/legacy/focus.ts': CLASS('FocusManager'), 'src/focus.ts': CLASS('FocusManager') });
    const r = analyze({ targets: ['.'], cwd, onlyRules: ['duplicate-implementation'] });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}`)).toHaveLength(1);
    expect(r.findings[0]!.related.map((x) => x.file)).toContain(r.findings[0]!.file === 'src/focus.ts' ? 'src/legacy/focus.ts' : 'src/focus.ts');
  });
});

/**
 * The layers of docs/architecture.md, as .dependency-cruiser.cjs states them, hold for src/ and
 * rules/ (`npm run layers` prints the same check for humans). A violation fails here with the rule
 * and the import that broke it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The violations of the repository's layer rules in `targets` under `baseDir`, one line each. */
async function violations(baseDir: string, targets: string[], tsconfig?: string): Promise<string[]> {
  const config: IConfiguration = await extractDepcruiseConfig(path.join(ROOT, '.dependency-cruiser.cjs'));
  const options = { ...config.options, tsConfig: tsconfig ? { fileName: tsconfig } : undefined };
  const result = await cruise(
    targets,
    { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } },
    {},
    tsconfig ? { tsConfig: extractTSConfig(path.join(baseDir, tsconfig)) } : {},
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

describe('layers', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('src/ and rules/ import only along the layers of .dependency-cruiser.cjs', async () => {
    expect(await violations(ROOT, ['src', 'rules'], 'tsconfig.json')).toEqual([]);
  });

  it('docs/architecture.md draws, and the config places, every folder of src/', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const drawing = /## Layers\n[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const config = fs.readFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), 'utf8');
    const folders = fs.readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !drawing.includes(`src/${f}`))).toEqual([]);
    // Placed in the layer order (LAYERS), not merely named somewhere in the file.
    const layers = /const LAYERS = (\[.*\]);/.exec(config)?.[1] ?? '';
    expect(folders.filter((f) => f !== 'registry' && !layers.includes(`'src/${f}'`))).toEqual([]);
  });

  it('reports an import against the layers and a cycle between folders (the check can fail)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssot-layers-'));
    temp.push(dir);
    const files: Record<string, string> = {
      'src/model/facts.ts': "import { run } from '../engine/run';\nexport const facts = run;\n",
      'src/engine/run.ts': "import { cached } from '../cache/store';\nexport const run = cached;\n",
      'src/cache/store.ts': "import { later } from '../engine/later';\nexport const cached = later;\n",
      'src/engine/later.ts': 'export const later = 1;\n',
      'rules/some-rule/index.ts': "import { facts } from '../../src/model/facts';\nexport const rule = facts;\n",
      // Upward with no cycle and no narrower rule: only the layer order catches it.
      'src/config/k.ts': "import { f } from '../fix/f';\nexport const k = f;\n",
      'src/fix/f.ts': 'export const f = 1;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const found = await violations(dir, ['src', 'rules']);
    expect(found).toContain('model-imports-no-stage: src/model/facts.ts → src/engine/run.ts');
    expect(found).toContain('cache-below-engine: src/cache/store.ts → src/engine/later.ts');
    expect(found).toContain('rules-import-only-api: rules/some-rule/index.ts → src/model/facts.ts');
    expect(found.some((v) => v.startsWith('no-folder-cycles: src/cache → src/engine'))).toBe(true);
    expect(found).toContain('below-config+discover: src/config/k.ts → src/fix/f.ts');
  });
});

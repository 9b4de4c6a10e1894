/**
 * `ssot-lint init [dir]`: a quick scan, then a starting `ssot.config.json` that proposes one concept
 * per group of duplicate implementations it saw, the most-imported implementation as canonical.
 * JSON has no comments, so the explanations are `"$comment"` keys, which the config accepts and
 * ignores. Refuses to overwrite an existing config without --force.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { UsageError } from '../engine/errors.js';
import { analyze } from '../engine/run.js';
import { duplicateGroups } from '../api/index.js';
import { managedClasses } from '../model/analysis/managed.js';
import type { ProjectIndex } from '../model/project-index.js';
import { writeFileAtomic } from './outputs.js';

/** Where the config schema is once ssot-lint is a devDependency of the project. */
export const CONFIG_SCHEMA_REF = './node_modules/ssot-lint/docs/config.schema.json';

export interface InitCliOptions {
  force?: boolean;
  tsconfig?: string;
}

interface ProposedConcept {
  $comment: string;
  name: string;
  canonical: string;
  factories?: string[];
}

export function proposeConcepts(index: ProjectIndex): ProposedConcept[] {
  const managed = managedClasses(index);
  const out: ProposedConcept[] = [];
  for (const g of duplicateGroups(index)) {
    const [canonical, ...others] = g.members;
    const factories = (managed.get(canonical!.id)?.factories ?? [])
      .filter((f) => f.name !== '')
      .map((f) => `${f.file}#${f.name}`);
    const uses = (n: number): string => `imported ${n} time${n === 1 ? '' : 's'}`;
    out.push({
      $comment:
        `${g.members.length} implementations: ${g.members.map((m) => `${m.cls.name} (${m.file}, ${uses(m.imports)})`).join('; ')}. ` +
        `Proposed canonical: ${canonical!.cls.name}, the most imported; change it if another one is the real one, then ` +
        `delete or alias ${others.map((o) => o.cls.name).join(', ')}. A canonical makes \`new ${canonical!.cls.name}()\` outside its factories a direct-instantiation finding: ` +
        `list the sanctioned factories, or files where \`new\` is fine in "allowNewIn".`,
      name: canonical!.cls.name,
      canonical: canonical!.id,
      ...(factories.length > 0 ? { factories: [...new Set(factories)] } : {}),
    });
  }
  return out;
}

export function initConfigText(concepts: ProposedConcept[]): string {
  const config = {
    $schema: CONFIG_SCHEMA_REF,
    $comment: [
      'Written by `ssot-lint init`: a starting point, review it. "$comment" keys are notes and are ignored.',
      'include/exclude/testFiles: globs relative to this file (defaults: every TS/JS file, minus node_modules, build output and .gitignored files; tests are **/*.test.*, **/*.spec.*, test/, tests/, __tests__/ and the like).',
      'rules: { "<rule-id>": "off" | "info" | "warning" | "error" | [severity, { options }] }; `ssot-lint rules` lists the ids.',
      'concepts: one entry per concept: name, canonical ("path#Class"), factories ("path#function"), allowNewIn (globs). Proposed below from the duplicate implementations the scan found.',
      'Next: `npx ssot-lint baseline` to accept what exists today, then gate CI with `npx ssot-lint --baseline ssot-baseline.json` (see docs/ci.md).',
    ],
    requireSuppressionReason: true,
    rules: {},
    concepts,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function runInit(dirArg: string | undefined, opts: InitCliOptions): void {
  const dir = path.resolve(dirArg ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`init ${dirArg ?? '.'}: not a directory`);
  const target = path.join(dir, CONFIG_FILE);
  const shown = path.relative(process.cwd(), target) || CONFIG_FILE;
  if (fs.existsSync(target) && !opts.force) throw new UsageError(`init: ${shown} already exists; use --force to overwrite it`);
  const pkg = path.join(dir, 'package.json');
  if (!opts.force && fs.existsSync(pkg)) {
    try {
      if ('ssot' in (JSON.parse(fs.readFileSync(pkg, 'utf8')) as object)) throw new UsageError(`init: ${path.relative(process.cwd(), pkg) || 'package.json'} already has an "ssot" config; use --force to write ${CONFIG_FILE} anyway (it takes precedence)`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      /* an unreadable package.json is not ours to judge here */
    }
  }
  // Scan with defaults: whatever config exists is what is being replaced.
  const result = analyze({ targets: ['.'], cwd: dir, config: {}, ...(opts.tsconfig ? { tsconfig: path.resolve(opts.tsconfig) } : {}) });
  const concepts = proposeConcepts(result.index!);
  writeFileAtomic(target, initConfigText(concepts), 'init');
  const n = concepts.length;
  process.stdout.write(
    `ssot-lint: wrote ${shown}: ${result.filesScanned} files scanned, ${n} concept${n === 1 ? '' : 's'} proposed from duplicate implementations${n ? ` (${concepts.map((c) => c.name).join(', ')})` : ''}.\n` +
      `Review it, then: npx ssot-lint baseline${dirArg ? ` ${dirArg}` : ''}\n`,
  );
}

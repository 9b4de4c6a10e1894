/**
 * The TypeScript/JavaScript language plugin (see src/frontends/plugin.ts).
 *
 * The parser is loaded on first use: a run whose facts all come from the cache never loads
 * TypeScript (~0.4 s of start-up; test/typescript-load.test.ts). Compiled code loads it with
 * require() (Node >= 20.19 requires ES modules); under the test runner, which runs the TypeScript
 * sources, it is imported up front instead.
 */
import { createRequire } from 'node:module';
import type { FileFacts } from '../../model/facts.js';
import type { LanguagePlugin } from '../plugin.js';
import { TS_EXTENSIONS } from './extensions.js';
import { codeCacheDirectory, PARSER_PACKAGE_VERSION, saveCodeCache, useCodeCache } from './load.js';
import { TYPESCRIPT_FIXER } from './fix.js';
import { TsModuleResolver } from './resolve.js';
import { JAVASCRIPT_SEMANTICS, TYPESCRIPT_SEMANTICS } from './semantics.js';

type ExtractFn = (path: string, text: string, hash: string) => FileFacts;

const fromSources = import.meta.url.endsWith('.ts');
const eager: { extractTypeScript: ExtractFn } | undefined = fromSources ? await import('./extract.js') : undefined;
let extractFn: ExtractFn | undefined;

export const typescript: LanguagePlugin = {
  id: 'typescript',
  extensions: TS_EXTENSIONS,
  testFileGlobs: ['**/__tests__/**', '**/__mocks__/**', '**/__fixtures__/**', '**/*.stories.*'],
  // The TypeScript @ts-morph/common bundles (see load.ts), named without loading it.
  parser: { name: '@ts-morph/common', version: PARSER_PACKAGE_VERSION },
  extract(path, text, hash) {
    extractFn ??= (eager ?? (createRequire(import.meta.url)('./extract.js') as { extractTypeScript: ExtractFn })).extractTypeScript;
    return extractFn(path, text, hash);
  },
  createResolver: ({ files, aliases, workspace, walked }) => new TsModuleResolver(files, aliases, workspace, walked),
  semantics: [TYPESCRIPT_SEMANTICS, JAVASCRIPT_SEMANTICS],
  // effect src/ 0.117, node_modules 0.166 ms/KB warm (first pass with the JIT cold: 0.33 / 0.21);
  // CPU per thread 2.04 (effect), 1.84 (node_modules), 1.39 (generated code); JSON out + in 22–37%
  // of the extraction; the first pass over a tree is 1.0–1.5 s slower than the second (JIT), and
  // TypeScript loads in 60–160 ms.
  workerCost: { msPerKb: 0.15, cpuPerThread: 1.85, transferOverhead: 0.25, warmupMs: 1_200 },
  // V8's compiled code of TypeScript (~0.4 s of start-up saved), see load.ts.
  codeCache: { use: useCodeCache, directory: codeCacheDirectory, save: saveCodeCache },
  // ts-morph loads on the first TypeScript import fix (fix.ts), never on a run without one.
  fixer: TYPESCRIPT_FIXER,
  ecmaLineBreaks: true,
};

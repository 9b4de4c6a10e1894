/** The Python language plugin (see src/frontends/plugin.ts). */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LanguagePlugin } from '../plugin.js';
import { PY_EXTENSIONS } from './extensions.js';
import { extractPython } from './extract.js';
import { PYTHON_FIXER } from './fix.js';
import { PythonModuleResolver } from './resolve.js';
import { PYTHON_SEMANTICS } from './semantics.js';

/** The grammar's version, named without loading it. */
const GRAMMAR_VERSION = (createRequire(import.meta.url)('tree-sitter-python/package.json') as { version: string }).version;

export const python: LanguagePlugin = {
  id: 'python',
  extensions: PY_EXTENSIONS,
  testFileGlobs: ['**/test_*.py', '**/*_test.py', '**/conftest.py'],
  parser: { name: 'tree-sitter-python', version: GRAMMAR_VERSION },
  extract: (file, text, hash) => extractPython(file, text, hash),
  createResolver: ({ files, settings, root, walked }) => new PythonModuleResolver(files, settings?.roots, path.basename(root), walked),
  semantics: [PYTHON_SEMANTICS],
  // tree-sitter reads Python 2 as well: say which language the file is not.
  parseErrorMessage: (first) => `does not parse as Python 3 (line ${first.line}): ${first.message}`,
  // stdlib: 0.256 ms/KB warm, 0.266 cold; CPU per thread 1.46; JSON out + in 18%; first pass ~0.3 s
  // slower, plus instantiating tree-sitter's WebAssembly.
  workerCost: { msPerKb: 0.26, cpuPerThread: 1.45, transferOverhead: 0.18, warmupMs: 400 },
  fixer: PYTHON_FIXER,
  settings: { roots: { kind: 'directories', description: 'source roots: directories on sys.path (detected when absent)' } },
};

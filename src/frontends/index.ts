/**
 * The language frontends, by file extension. Each turns one file's text into FileFacts.
 *
 * A frontend's parser is loaded on first use: a run whose facts all come from the cache never
 * loads TypeScript (~0.4 s of start-up). Compiled code loads it with require() (Node >= 20.19
 * requires ES modules); under the test runner, which runs the TypeScript sources, it is imported
 * up front instead.
 */
import { createRequire } from 'node:module';
import type { FileFacts, Language } from '../model/facts.js';
import { extractPython, PY_EXTENSIONS } from './python/extract.js';
import { TS_EXTENSIONS } from './typescript/extensions.js';

type ExtractFn = (path: string, text: string, hash: string) => FileFacts;

const fromSources = import.meta.url.endsWith('.ts');
const eagerTypeScript: { extractTypeScript: ExtractFn } | undefined = fromSources ? await import('./typescript/extract.js') : undefined;
let typeScriptExtract: ExtractFn | undefined;

function extractTypeScript(path: string, text: string, hash: string): FileFacts {
  typeScriptExtract ??= (eagerTypeScript ?? (createRequire(import.meta.url)('./typescript/extract.js') as { extractTypeScript: ExtractFn })).extractTypeScript;
  return typeScriptExtract(path, text, hash);
}

export interface Frontend {
  language: Language | 'javascript';
  extensions: readonly string[];
  extract(path: string, text: string, hash: string): FileFacts;
}

export const FRONTENDS: readonly Frontend[] = [
  { language: 'typescript', extensions: TS_EXTENSIONS, extract: extractTypeScript },
  { language: 'python', extensions: PY_EXTENSIONS, extract: extractPython },
];

export function frontendFor(file: string): Frontend | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = file.slice(dot);
  return FRONTENDS.find((f) => f.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return FRONTENDS.flatMap((f) => [...f.extensions]);
}

/** The language frontends, by file extension. Each turns one file's text into FileFacts. */
import type { FileFacts, Language } from '../model/facts.js';
import { extractPython, PY_EXTENSIONS } from './python/extract.js';
import { extractTypeScript, TS_EXTENSIONS } from './typescript/extract.js';

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

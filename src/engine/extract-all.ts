/**
 * Read and extract every discovered file. Pure per file, so this is the stage that parallelises
 * and caches (see src/cache); a file that cannot be read or parsed becomes an error entry and the
 * run goes on.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DiscoveredFile } from '../discover/discover.js';
import { frontendFor } from '../frontends/index.js';
import type { FileFacts } from '../model/facts.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface FileError {
  file: string;
  kind: 'unreadable' | 'too-large' | 'binary' | 'parse-error';
  message: string;
  line?: number;
  column?: number;
}

export interface ExtractResult {
  facts: FileFacts[];
  errors: FileError[];
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Read one file, or say why it is skipped. */
export function readSource(file: DiscoveredFile): { text: string } | FileError {
  let buf: Buffer;
  try {
    const stat = fs.statSync(file.abs);
    if (stat.size > MAX_FILE_BYTES) {
      return { file: file.rel, kind: 'too-large', message: `skipped: ${(stat.size / 1048576).toFixed(1)} MB is over the 2 MB limit for a source file` };
    }
    buf = fs.readFileSync(file.abs);
  } catch (e) {
    return { file: file.rel, kind: 'unreadable', message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (buf.subarray(0, 8192).includes(0)) return { file: file.rel, kind: 'binary', message: 'skipped: binary content (NUL byte)' };
  return { text: buf.toString('utf8') };
}

/** Extract one file; parse errors are reported as errors and the facts are dropped. */
export function extractOne(file: DiscoveredFile, text: string, hash = hashText(text)): { facts?: FileFacts; errors: FileError[] } {
  const frontend = frontendFor(file.rel);
  if (!frontend) return { errors: [] };
  const facts = frontend.extract(file.rel, text, hash);
  if (facts.parseErrors.length > 0) {
    const first = facts.parseErrors[0]!;
    return {
      errors: [{ file: file.rel, kind: 'parse-error', message: `does not parse: ${first.message}`, line: first.line, column: first.column }],
    };
  }
  return { facts, errors: [] };
}

export function extractAll(files: DiscoveredFile[]): ExtractResult {
  const facts: FileFacts[] = [];
  const errors: FileError[] = [];
  for (const file of files) {
    const src = readSource(file);
    if (!('text' in src)) {
      errors.push(src);
      continue;
    }
    const r = extractOne(file, src.text);
    if (r.facts) facts.push(r.facts);
    errors.push(...r.errors);
  }
  return { facts, errors };
}

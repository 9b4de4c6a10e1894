/**
 * The source lines around findings, read once per file for reports that show code (html), so that
 * reporters never read files. Bounded: the first MAX_CODE_FRAMES findings that count, CONTEXT lines
 * either side, lines cut at MAX_LINE_LENGTH, files over the extraction limit skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../engine/extract-all.js';
import { frontendFor } from '../frontends/index.js';
import type { Finding } from '../model/findings.js';
import type { CodeFrame } from '../report/types.js';

export const MAX_CODE_FRAMES = 2_000;
const CONTEXT = 2;
const MAX_LINE_LENGTH = 240;

export function readCodeFrames(root: string, findings: readonly Finding[]): Record<string, CodeFrame[]> {
  const wanted = new Map<string, Set<number>>();
  let n = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (n++ >= MAX_CODE_FRAMES) break;
    const lines = wanted.get(f.file) ?? new Set<number>();
    lines.add(f.line);
    wanted.set(f.file, lines);
  }
  const out: Record<string, CodeFrame[]> = {};
  for (const [file, lines] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = readText(path.join(root, file));
    if (text === undefined) continue;
    // Lines as the file's frontend counted them for the findings (TypeScript: also U+2028, U+2029, a lone CR).
    const all = frontendFor(file)?.ecmaLineBreaks ? text.split(/\r\n|\r|\n|\u2028|\u2029/) : text.split(/\r?\n/);
    out[file] = [...lines]
      .sort((a, b) => a - b)
      .map((line) => {
        const start = Math.max(1, line - CONTEXT);
        const end = Math.min(all.length, line + CONTEXT);
        return { start, lines: all.slice(start - 1, end).map((l) => (l.length > MAX_LINE_LENGTH ? `${l.slice(0, MAX_LINE_LENGTH)}…` : l)) };
      });
  }
  return out;
}

function readText(abs: string): string | undefined {
  try {
    const st = fs.statSync(abs);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

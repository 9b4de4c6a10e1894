/**
 * JSON with comments and trailing commas, the dialect of tsconfig.json. Reading it here means a
 * run never loads TypeScript (~0.2 s) just to read a tsconfig: most real ones have comments.
 * One linear pass finds the comments and trailing commas to blank out (and the nesting depth);
 * JSON.parse, which does not recurse, does the rest.
 */

/**
 * The value, or undefined when the text is not JSONC (the caller then asks TypeScript, for its
 * error message). `info.depth` receives the deepest nesting of brackets seen, valid or not, so a
 * caller can refuse text that a recursive parser (TypeScript's) would overflow the stack on.
 */
export function parseJsonc(text: string, info?: { depth: number }): unknown {
  const n = text.length;
  /** [start, end) ranges of the text replaced by a space: the BOM, comments, trailing commas. */
  const cuts: [number, number][] = [];
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) {
    cuts.push([0, 1]);
    i = 1;
  }
  let last = -1; // the last character that is not whitespace or a comment
  let depth = 0;
  let maxDepth = 0;
  let unterminated = false;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      last = i;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < n && text[i] !== '\n') i++;
      cuts.push([start, i]);
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        unterminated = true;
        break;
      }
      cuts.push([i, end + 2]);
      i = end + 2;
    } else if (c === '}' || c === ']') {
      if (last >= 0 && text[last] === ',') cuts.push([last, last + 1]);
      depth--;
      last = i++;
    } else if (c === '{' || c === '[') {
      if (++depth > maxDepth) maxDepth = depth;
      last = i++;
    } else {
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') last = i;
      i++;
    }
  }
  if (info) info.depth = maxDepth;
  if (unterminated) return undefined;
  cuts.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let copied = 0;
  for (const [start, end] of cuts) {
    parts.push(text.slice(copied, start), ' ');
    copied = end;
  }
  parts.push(text.slice(copied));
  try {
    return JSON.parse(parts.join('')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * JSON with comments and trailing commas, the dialect of tsconfig.json. Reading it here means a
 * run never loads TypeScript (~0.2 s) just to read a tsconfig: most real ones have comments.
 */

/** The value, or undefined when the text is not JSONC (the caller then asks TypeScript, for its error message). */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let copied = i;
  const n = text.length;
  /** Drop a comma that only whitespace separates from the closing bracket at `i`. */
  const dropTrailingComma = (): void => {
    out += text.slice(copied, i);
    copied = i;
    let k = out.length - 1;
    while (k >= 0 && /\s/.test(out[k]!)) k--;
    if (out[k] === ',') out = out.slice(0, k) + out.slice(k + 1);
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      out += text.slice(copied, i);
      while (i < n && text[i] !== '\n') i++;
      copied = i;
    } else if (c === '/' && text[i + 1] === '*') {
      out += text.slice(copied, i);
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      out += ' ';
      copied = i;
    } else if (c === '}' || c === ']') {
      dropTrailingComma();
      i++;
    } else i++;
  }
  out += text.slice(copied);
  try {
    return JSON.parse(out) as unknown;
  } catch {
    return undefined;
  }
}

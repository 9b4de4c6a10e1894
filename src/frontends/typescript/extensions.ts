/** File extensions the TypeScript frontend reads (kept apart so callers need not load the parser). */
export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

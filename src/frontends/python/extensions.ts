/** File extensions the Python frontend reads (kept apart so callers need not load the parser). */
export const PY_EXTENSIONS = ['.py'] as const;

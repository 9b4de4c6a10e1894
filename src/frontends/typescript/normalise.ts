/** Whitespace- and quote-insensitive text of a key expression, so equal derivations compare equal. */
export function normaliseKey(text: string): string {
  return text.replace(/\s+/g, '').replace(/["'`]/g, '"');
}

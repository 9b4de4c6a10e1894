/** The content hash of a file's text, and of the cache keys built from text (not a security boundary: see trust.ts for the MACs). */
import { createHash } from 'node:crypto';

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

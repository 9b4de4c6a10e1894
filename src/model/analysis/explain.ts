/** Turning resolution chains into finding chains and related locations. */
import type { Span } from '../facts.js';
import type { ChainStep, RelatedLocation } from '../findings.js';
import type { Hop } from '../project-index.js';

export function hopsToChain(hops: readonly Hop[]): ChainStep[] {
  return hops.map((h) => ({ file: h.file, line: h.line, column: h.column, text: h.text }));
}

export function hopsToRelated(hops: readonly Hop[]): RelatedLocation[] {
  return hops.map((h) => ({ file: h.file, line: h.line, column: h.column, message: `via ${h.text}` }));
}

export function loc(file: string, at: Span, message: string): RelatedLocation {
  return { file, line: at.line, column: at.column, message };
}

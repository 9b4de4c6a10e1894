/**
 * A file the run could not analyse, and why: what discovery, extraction and the caches report instead
 * of facts, and what reporters list. Plain data, below every stage that makes or reads it.
 */
export interface FileError {
  file: string;
  kind: 'unreadable' | 'too-large' | 'binary' | 'parse-error' | 'too-deep' | 'outside-root';
  message: string;
  line?: number;
  column?: number;
}

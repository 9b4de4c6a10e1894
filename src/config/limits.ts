/**
 * What a config (or a tsconfig) may ask for, checked before anything acts on it: globs that
 * fast-glob can expand in reasonable time, paths that stay inside the project root, no keys
 * that are JavaScript's own (`__proto__`), no nesting deep enough to blow a recursive walker.
 * Every check throws a UsageError naming the file, the key and what was expected.
 */
import path from 'node:path';
import { UsageError } from '../util/errors.js';

/** Longest glob pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1024;
/** Most alternatives one pattern's braces may expand to (`{a,b}` is 2, `{1..10}` is 10). */
export const MAX_BRACE_EXPANSIONS = 1000;
/** Deepest nesting of objects and arrays in a config file. */
export const MAX_CONFIG_DEPTH = 64;
/** Keys that would reach an object's prototype when copied into a plain object. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How many patterns the braces of `pattern` expand to, as fast-glob (micromatch's `braces`) would
 * expand them: a group `{a,b,c}` adds its alternatives, groups in sequence multiply, nested groups
 * count inside their alternative, `{1..20}` / `{a..z}` / `{0..100..5}` count their range; a brace
 * without a comma or a range is literal. Linear in the pattern's length; capped above the limit.
 */
export function braceExpansions(pattern: string): number {
  const cap = MAX_BRACE_EXPANSIONS * 1000;
  let pos = 0;
  const n = pattern.length;
  // The index of the `}` closing the `{` at i, or -1.
  const closing = (i: number): number => {
    let depth = 0;
    for (let k = i; k < n; k++) {
      const c = pattern[k];
      if (c === '\\') k++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return k;
    }
    return -1;
  };
  const range = (body: string): number | undefined => {
    const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
    if (!m) return undefined;
    const num = (s: string): number => (/^-?\d+$/.test(s) ? Number(s) : s.charCodeAt(0));
    const step = Math.abs(Number(m[3] ?? 1)) || 1;
    return Math.floor(Math.abs(num(m[2]!) - num(m[1]!)) / step) + 1;
  };
  // A sequence up to an unmatched `,` or `}` (inside a group) or the end.
  const sequence = (inGroup: boolean): number => {
    let total = 1;
    while (pos < n) {
      const c = pattern[pos];
      if (c === '\\') {
        pos += 2;
        continue;
      }
      if (inGroup && (c === ',' || c === '}')) return total;
      if (c === '{') {
        const end = closing(pos);
        if (end < 0) {
          pos++; // literal `{`
          continue;
        }
        const r = range(pattern.slice(pos + 1, end));
        if (r !== undefined) {
          total = Math.min(cap, total * r);
          pos = end + 1;
          continue;
        }
        pos++;
        let sum = 0;
        for (;;) {
          sum = Math.min(cap, sum + sequence(true));
          if (pattern[pos] === ',') pos++;
          else break;
        }
        pos++; // the closing `}`
        total = Math.min(cap, total * sum);
        continue;
      }
      pos++;
    }
    return total;
  };
  return sequence(false);
}

/** A glob from a config key: non-empty, not too long, braces that do not explode. */
export function checkGlob(label: string, key: string, pattern: string): void {
  if (pattern.trim() === '') throw new UsageError(`${label}: "${key}" has an empty pattern; expected a glob such as "src/**/*.ts"`);
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new UsageError(`${label}: "${key}" has a pattern of ${pattern.length} characters; expected at most ${MAX_PATTERN_LENGTH}`);
  }
  const expansions = braceExpansions(pattern);
  if (expansions > MAX_BRACE_EXPANSIONS) {
    const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
    throw new UsageError(
      `${label}: "${key}" pattern ${JSON.stringify(shown)} expands to ${expansions >= MAX_BRACE_EXPANSIONS * 1000 ? 'over a million' : expansions} alternatives through its braces; expected at most ${MAX_BRACE_EXPANSIONS} (split it into several patterns or use wildcards)`,
    );
  }
}

/**
 * A root-relative path or glob (config `include`, `exclude`, `python.roots`) that must stay inside
 * the project root: no `..` segment; an absolute path only inside `root` (returned relative to it).
 * Without a root (a config given as an object), an absolute path is refused.
 */
export function insideRoot(label: string, key: string, value: string, root: string | undefined): string {
  const negated = value.startsWith('!');
  const body = negated ? value.slice(1) : value;
  const outside = (): never => {
    throw new UsageError(`${label}: "${key}" ${JSON.stringify(value)} reaches outside the project root${root ? ` ${root}` : ''}; expected a path relative to it, without ".." segments`);
  };
  let rel = body;
  if (path.isAbsolute(body) || body.startsWith('/')) {
    if (!root) outside();
    rel = path.relative(root!, body).split(path.sep).join('/');
    if (rel === '' ) rel = '.';
    if (path.isAbsolute(rel)) outside();
  }
  if (rel.split(/[\\/]/).includes('..')) outside();
  return negated ? `!${rel}` : rel;
}

/**
 * Walk parsed JSON without recursion: reject reserved keys anywhere and nesting deeper than
 * MAX_CONFIG_DEPTH, naming the key's path (`rules.x[1].__proto__`).
 */
export function checkKeys(label: string, value: unknown, maxDepth = MAX_CONFIG_DEPTH): void {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0) {
    const [v, where, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) throw new UsageError(`${label}: "${where || '(root)'}" is nested more than ${maxDepth} levels deep; expected a flatter config`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${where}[${i}]`, depth + 1]);
      continue;
    }
    for (const k of Object.keys(v)) {
      const at = where ? `${where}.${k}` : k;
      if (RESERVED_KEYS.has(k)) throw new UsageError(`${label}: key "${at}" is not allowed (${k} is reserved in JavaScript objects)`);
      stack.push([(v as Record<string, unknown>)[k], at, depth + 1]);
    }
  }
}

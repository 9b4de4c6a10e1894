/**
 * Deeply nested code (hundreds of nested classes, object literals, chained calls, parentheses,
 * operands joined with `+`) would overflow the stack of the recursive parser and walkers and kill
 * the whole run. Instead a file nested deeper than a fixed limit is an error entry (`too-deep`) of
 * its own and the run goes on (see docs/architecture.md, "Deep nesting").
 *
 * The limit is checked, not the stack caught: how deep a stack reaches depends on the thread (a
 * worker's stack is four times the main thread's) and on what the JIT has compiled so far, so a
 * caught overflow alone would make the same file an error in one run and analysed in the next. The
 * guard stops at the same depth everywhere; an overflow that still happens (a caller whose own
 * stack is nearly full, a recursion the guard does not see, the TypeScript parser, which has no
 * guard) is caught per file as a backstop and reported the same way.
 */

/**
 * Syntax-tree depth the TypeScript walk goes to. Real code stays under 100; the walk's stack on the
 * main thread runs out between 880 and 960 levels (nested classes, object literals, call chains,
 * `+` chains), the parser's at about 730 nested parentheses, both measured before JIT warm-up.
 */
export const MAX_TS_DEPTH = 500;

/**
 * Open brackets the Python scanner accepts: CPython's own tokenizer refuses more than 200 ("too many
 * nested parentheses"), so a deeper file is not Python 3 anyway.
 */
export const MAX_PY_BRACKETS = 200;

/** A file nested too deeply to analyse; `message` is what the error entry says. */
export class NestingTooDeep extends Error {
  override readonly name = 'NestingTooDeep';
  constructor(
    message?: string,
    /** Where the limit was passed, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** A stack overflow (JavaScript or WebAssembly), as opposed to any other RangeError. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** The error entry's message: the tree's depth, and the limit it passed (none: the stack ran out below any limit). */
export function tooDeepMessage(levels: number | undefined, limit?: number): string {
  if (levels === undefined) return `nesting too deep to analyse (syntax tree deeper than ${limit} levels)`;
  if (limit === undefined || levels <= limit) return `nesting too deep to analyse (syntax tree ${levels} levels deep: the stack ran out)`;
  return `nesting too deep to analyse (syntax tree ${levels} levels deep; the limit is ${limit})`;
}

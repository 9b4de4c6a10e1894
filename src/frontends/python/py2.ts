/**
 * Python 2 that tree-sitter accepts. tree-sitter-python parses `print "x"`, `exec code`,
 * `except E, e:`, `0777`, `10L`, backticks, `ur''`, `<>` and `raise E, "msg"` without an ERROR or
 * MISSING node (`rootNode.hasError` is false), so a Python 2 file would be analysed as if it were
 * Python 3, with facts that mean something else (`except E, e:` binds `e` in Python 2). Such a file
 * is reported as not parsing as Python 3.
 *
 * Cheap: one regular expression over the text finds the few places that may be one of these (it
 * never matches `print(`, `except (E, F) as e:`, `0o777`), and the tree is asked about each, by
 * position, so a match in a string or a comment does not count. Not detected: tuple parameters
 * (`def f((a, b)):`), which are rare and harmless to the facts.
 */
import type { Node } from 'web-tree-sitter';

type Confirm = (node: Node, word: string, at: number) => string | undefined;

/**
 * One search per construct (several simple searches cost less than one with every alternative),
 * each confirmed by the node the tree has at the match. `print >>f, x` is not taken: it is valid
 * Python 3 (a shift, then a tuple), written only by tests of that very hint.
 */
const STATEMENTS = ['print ', 'exec '];
/** What follows `print ` in a Python 2 print statement: not what follows a name in Python 3. */
const AFTER = /[ \t]*[^\s(=.,)\]}:;[#\\]/y;

const CHECKS: readonly [RegExp, Confirm][] = [
  [/\bexcept[ \t]*(?:\([^)\n]*\)|[\w.]+)[ \t]*,[ \t]*[a-z_]\w*[ \t]*:/g, (n) => (n.type === 'except' && n.parent?.type === 'except_clause' ? 'except X, name: (write except X as name:)' : undefined)],
  [
    /\braise[ \t][^\n#(]*,/g,
    (n) => (n.type === 'raise' && n.parent?.type === 'raise_statement' && n.parent.firstNamedChild?.type === 'expression_list' ? 'raise X, value (write raise X(value))' : undefined),
  ],
  [
    /(?<![\w.])(?:0\d+|\d+[lL]|0[xX][\da-fA-F]+[lL])(?![\w.])/g,
    (n, w, at) => (n.type === 'integer' && n.startIndex === at && !/^0+$/.test(w) ? `integer literal ${w} (write ${/[lL]$/.test(w) ? w.slice(0, -1) : `0o${w.slice(1)}`})` : undefined),
  ],
  [/`/g, (n, _w, at) => (n.type === 'string_start' && n.startIndex === at ? 'backtick repr (write repr(x))' : undefined)],
  [/(?<![\w'"])ur['"]/gi, (n, _w, at) => (n.type === 'string_start' && n.startIndex === at ? "ur'' string prefix" : undefined)],
  [/<>/g, (n) => (n.type === '<>' ? '<> operator (write !=)' : undefined)],
];

/**
 * The first Python 2 construct of a file tree-sitter accepted, or undefined. `except X, y:` with
 * a lowercase `y` is taken for Python 2's `except X as y:`: since Python 3.14 (PEP 758)
 * `except A, B:` catches either, but exception classes are CapWords or dotted by convention.
 */
export function python2Construct(text: string, root: Node): { line: number; column: number; what: string } | undefined {
  let first: { at: number; what: string } | undefined;
  // `print x` and `exec x`: found with indexOf, which costs a fifth of a regular expression's search.
  for (const word of STATEMENTS) {
    for (let i = text.indexOf(word); i >= 0 && (!first || i < first.at); i = text.indexOf(word, i + 1)) {
      if (i > 0 && /[\w.]/.test(text[i - 1]!)) continue;
      AFTER.lastIndex = i + word.length;
      if (!AFTER.test(text)) continue;
      const node = root.descendantForIndex(i, i + 1);
      const name = word.trimEnd();
      if (node && node.type === name && node.parent?.type === `${name}_statement` && node.nextNamedSibling?.type !== 'chevron') {
        first = { at: i, what: `${name} statement` };
        break;
      }
    }
  }
  for (const [re, confirm] of CHECKS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m && (!first || m.index < first.at); m = re.exec(text)) {
      const word = m[1] ?? m[0];
      const at = m.index + (m[1] ? m[0].indexOf(m[1]) : 0);
      const node = root.descendantForIndex(at, at + 1);
      if (!node) continue;
      const what = confirm(node, word, at);
      if (what) {
        first = { at, what };
        break;
      }
      // Inside a string or a comment: nothing there is code, go on after it.
      const host = node.type === 'string_content' || node.type === 'string_start' || node.type === 'string_end' ? node.parent : node.type === 'comment' ? node : null;
      if (host && host.endIndex > re.lastIndex) re.lastIndex = host.endIndex;
    }
  }
  if (!first) return undefined;
  const at = first.at;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: at - (text.lastIndexOf('\n', at - 1) + 1) + 1, what: first.what };
}

/**
 * Non-deterministic value sources inside a key expression: a registry key built from one of these
 * changes on every call, so the same user never finds their entry again.
 */
import { ts } from './ts.js';
import { dottedName, SK } from './classify.js';

const CALL_SOURCES = new Map<string, string>([
  ['Date.now', 'Date.now()'],
  ['performance.now', 'performance.now()'],
  ['Math.random', 'Math.random()'],
  ['crypto.randomUUID', 'crypto.randomUUID()'],
  ['randomUUID', 'randomUUID()'],
  ['crypto.randomBytes', 'crypto.randomBytes()'],
  ['randomBytes', 'randomBytes()'],
  ['crypto.getRandomValues', 'crypto.getRandomValues()'],
  ['process.hrtime', 'process.hrtime()'],
  ['process.hrtime.bigint', 'process.hrtime.bigint()'],
  ['Date', 'Date()'],
]);

/** `uuid()`, `uuidv4()`, `v4()` (from uuid), `nanoid()`, `cuid()`, `createId()` (cuid2), `ulid()`. */
const ID_GENERATORS = /^(uuid(v\d)?|v[14567]|nanoid|cuid2?|createId|ulid|shortid|generateId|randomId)$/i;

/**
 * The non-deterministic source `node` itself is, if any (its children are not looked at).
 * `isLocal(name)` says whether a bare name is a function local: `i++` on a local restarts every
 * call, while `++seq` on a module-level or `this`/static counter is unique per process.
 */
export function nondeterministicSourceOf(node: ts.Node, isLocal: (name: string) => boolean = () => false): string | undefined {
  if (ts.isCallExpression(node)) {
    const callee = dottedName(node.expression);
    if (callee === undefined) return undefined;
    const known = CALL_SOURCES.get(callee);
    if (known) return known;
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    return ID_GENERATORS.test(last) ? `${callee}()` : undefined;
  }
  if (ts.isNewExpression(node)) {
    return dottedName(node.expression) === 'Date' && (node.arguments?.length ?? 0) === 0 ? 'new Date()' : undefined;
  }
  const counter = counterTarget(node);
  if (counter !== undefined && !isLocal(counter.split('.')[0]!)) return `process-unique counter \`${counter}\``;
  return undefined;
}

/** `++seq`, `seq++`, `this.seq += 1`: the counter's dotted name. */
function counterTarget(node: ts.Node): string | undefined {
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    if (node.operator !== SK.PlusPlusToken && node.operator !== SK.MinusMinusToken) return undefined;
    return dottedName(node.operand);
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === SK.PlusEqualsToken || node.operatorToken.kind === SK.MinusEqualsToken)) {
    return ts.isNumericLiteral(node.right) ? dottedName(node.left) : undefined;
  }
  return undefined;
}

export function findNondeterministicSources(node: ts.Node, isLocal?: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (n: ts.Node): void => {
    const source = nondeterministicSourceOf(n, isLocal);
    if (source !== undefined) found.push(source);
    ts.forEachChild(n, walk);
  };
  walk(node);
  return [...new Set(found)];
}

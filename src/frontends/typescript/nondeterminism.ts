/**
 * Non-deterministic value sources inside a key expression: a registry key built from one of these
 * changes on every call, so the same user never finds their entry again.
 */
import { ts } from 'ts-morph';
import { dottedName } from './classify.js';

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

export function findNondeterministicSources(node: ts.Node): string[] {
  const found: string[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = dottedName(n.expression);
      if (callee !== undefined) {
        const known = CALL_SOURCES.get(callee);
        const last = callee.slice(callee.lastIndexOf('.') + 1);
        if (known) found.push(known);
        else if (ID_GENERATORS.test(last)) found.push(`${callee}()`);
      }
    } else if (ts.isNewExpression(n) && dottedName(n.expression) === 'Date' && (n.arguments?.length ?? 0) === 0) {
      found.push('new Date()');
    }
    ts.forEachChild(n, walk);
  };
  walk(node);
  return [...new Set(found)];
}

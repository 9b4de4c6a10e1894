/** Shared-state questions: is a value mutable, is a class per-user. */
import type { ClassFact, Init } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';
import { managedClasses } from './managed.js';

/** Values whose sharing leaks between users: plain objects, arrays, collections, instances. */
export function isMutableInit(init: Init): boolean {
  return init.kind === 'object' || init.kind === 'array' || init.kind === 'collection';
}

export function describeInit(init: Init): string {
  switch (init.kind) {
    case 'object':
      return 'a mutable object literal';
    case 'array':
      return 'a mutable array';
    case 'collection':
      return `a mutable ${init.type}`;
    case 'new':
      return `an instance of ${init.callee}`;
    default:
      return 'a value';
  }
}

// Deliberately narrow: `ctx`, `context`, `request`, `client` are everywhere and mean many things.
const PER_USER_PARAM = /^(user|userId|userContext|userCtx|tenant|tenantId|tenantContext|session|sessionId|account|accountId|principal|owner|ownerId)$/i;
const PER_USER_TYPE = /\b(User|Tenant|Session|Account|Principal|Customer|Member)(Execution)?(Context|Ctx|Info|Id|Identity|Scope)?\b/;

/**
 * Why instances of this class belong to one user (so one shared instance is a leak), or undefined
 * when nothing says so. Managed classes count; otherwise a constructor parameter must be per-user
 * by name or by declared type.
 */
export function perUserReason(index: ProjectIndex, classId: string, cls: ClassFact): string | undefined {
  const managed = managedClasses(index).get(classId);
  if (managed && managed.source !== 'inferred') return `it is ${managed.sourceText}`;
  for (const p of cls.ctorParams) {
    if (p.type && PER_USER_TYPE.test(p.type)) return `its constructor takes \`${p.name}: ${p.type}\``;
    // snake_case (Python) names compare like camelCase ones: user_context ~ userContext.
    if (PER_USER_PARAM.test(p.name) || PER_USER_PARAM.test(p.name.replace(/_/g, ''))) return `its constructor takes \`${p.name}\``;
  }
  // One instance per key is per-user; one cached in a module or static slot is a process singleton.
  if (managed && managed.factories.some((f) => f.kind !== 'cached' || f.keyed)) return `it is ${managed.sourceText}`;
  return undefined;
}

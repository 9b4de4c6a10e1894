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

/** What a keyed cache of per-user instances is keyed by; a cache keyed by a name (`tracers[name]`) is not. */
const PER_USER_KEY = /user|tenant|session|account|principal|owner|customer|member|ctx|context|conn|socket|client_?id|clientId/i;
/** Process-wide helpers: one per process is the design, whatever cache holds them. */
const PROCESS_WIDE = /(Config|Configuration|Settings|Options|Cors|CORS|Secrets?|SecretManager|Vault|Tracer|Tracing|Telemetry|Logger|Logging|Metrics|FeatureFlags?)([A-Z_]|$)/;

/**
 * Why instances of this class belong to one user (so one shared instance is a leak), or undefined
 * when nothing says so. Configured and registry-managed classes count; otherwise a constructor
 * parameter that a caller must pass must be per-user by name or by declared type (`user_id=None`
 * is optional: the class also works without a user), or a keyed cache must be keyed by something
 * per-user (not by a name). A process-wide helper (config, CORS, secrets, a tracer) is per-user only
 * through its constructor.
 */
export function perUserReason(index: ProjectIndex, classId: string, cls: ClassFact): string | undefined {
  // Declared: a process-wide concept's singleton is what the concept wants; a per-user one says so.
  const declared = index.concepts.find((c) => c.scope !== undefined && (c.canonical === classId || c.class === cls.name));
  if (declared?.scope === 'process') return undefined;
  if (declared?.scope === 'user') return `the concept '${declared.name}' is declared per user (scope "user")`;
  const managed = managedClasses(index).get(classId);
  if (managed && managed.source !== 'inferred') return `it is ${managed.sourceText}`;
  for (const p of cls.ctorParams) {
    if (p.optional) continue;
    if (p.type && PER_USER_TYPE.test(p.type)) return `its constructor takes \`${p.name}: ${p.type}\``;
    // snake_case (Python) names compare like camelCase ones: user_context ~ userContext.
    if (PER_USER_PARAM.test(p.name) || PER_USER_PARAM.test(p.name.replace(/_/g, ''))) return `its constructor takes \`${p.name}\``;
  }
  if (PROCESS_WIDE.test(cls.name)) return undefined;
  // One instance per user key is per-user; one cached in a module or static slot is a process singleton.
  if (managed && managed.factories.some((f) => f.kind !== 'cached' || (f.keyed && keyedPerUser(index, f.file, f.name)))) return `it is ${managed.sourceText}`;
  return undefined;
}

/** The factory `fnName` of `file` writes its cache under a key that names a user, session, context… */
function keyedPerUser(index: ProjectIndex, file: string, fnName: string): boolean {
  const ops = index.file(file)?.keyedOps.filter((op) => op.op === 'set' && op.enclosing === fnName) ?? [];
  return ops.some((op) => PER_USER_KEY.test(op.key) || (op.derivation?.text !== undefined && PER_USER_KEY.test(op.derivation.text)));
}

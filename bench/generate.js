/**
 * Deterministic generator of realistic TypeScript monorepos for the benchmark.
 *
 * `generateCorpus(dir, files, seed)` writes exactly `files` source files (plus a tsconfig.json and a
 * package.json) laid out as packages of ~48 files: per entity a model file (interfaces, types, an
 * enum, frozen constants), a service class, a caching factory and an async handler; per package some
 * utility modules and a barrel `index.ts` with `export *`, renaming re-exports and aliases. Handlers
 * import other packages through their barrels; a few module pairs import each other (cycles); a few
 * violations are planted (a duplicate "Legacy" service, an awaited synchronous factory, a direct
 * `new` of a factory-managed class, a module-level shared instance). Same seed, same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}

const NOUNS = [
  'Order', 'Invoice', 'Customer', 'Payment', 'Shipment', 'Product', 'Cart', 'Session', 'Account', 'Ledger',
  'Report', 'Channel', 'Message', 'Socket', 'Notification', 'Subscription', 'Tenant', 'Audit', 'Policy', 'Quota',
  'Workflow', 'Task', 'Job', 'Schedule', 'Inventory', 'Warehouse', 'Coupon', 'Refund', 'Review', 'Profile',
  'Document', 'Folder', 'Upload', 'Token', 'Webhook', 'Metric', 'Alert', 'Incident', 'Deployment', 'Cluster',
];
const QUALIFIERS = [
  'Billing', 'Catalog', 'Realtime', 'Batch', 'Remote', 'Local', 'Secure', 'Public', 'Internal', 'Admin',
  'Mobile', 'Partner', 'Regional', 'Archive', 'Draft', 'Live', 'Shadow', 'Edge', 'Core', 'Cloud',
];
const AREAS = [
  'Sales', 'Support', 'Growth', 'Risk', 'Fraud', 'Search', 'Pricing', 'Media', 'Identity', 'Compliance',
  'Logistics', 'Finance', 'Payroll', 'Onboarding', 'Analytics', 'Routing', 'Storage', 'Messaging', 'Checkout', 'Loyalty',
  'Ads', 'Booking', 'Claims', 'Content', 'Delivery', 'Energy', 'Fleet', 'Health', 'Insurance', 'Lending', 'Maps', 'Rental',
];
const VERBS = ['load', 'save', 'remove', 'refresh', 'validate', 'publish', 'sync', 'merge', 'archive', 'restore', 'lock', 'unlock', 'export', 'import', 'notify', 'resolve', 'reconcile', 'retry', 'expire', 'track'];
const FIELDS = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'ownerId', 'amount', 'currency', 'tags', 'version', 'region', 'priority', 'note', 'retries', 'deadline'];
const UTIL_NAMES = ['format', 'parse', 'normalize', 'clamp', 'chunk', 'debounce', 'groupBy', 'pick', 'omit', 'retry', 'hash', 'slugify', 'compare', 'diff', 'flatten', 'unique', 'toMap', 'sleep', 'measure', 'assertNever'];

const lower = (s) => s[0].toLowerCase() + s.slice(1);
const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function modelFile(r, e) {
  const fields = FIELDS.filter(() => r.chance(0.6));
  if (!fields.includes('id')) fields.unshift('id');
  const lines = [];
  lines.push(`/** ${e} domain model. */`);
  lines.push(`export enum ${e}Status {`);
  for (const s of ['Pending', 'Active', 'Suspended', 'Closed']) lines.push(`  ${s} = '${s.toLowerCase()}',`);
  lines.push('}', '');
  lines.push(`export interface ${e} {`);
  for (const f of fields) lines.push(`  ${f}${f === 'note' ? '?' : ''}: ${fieldType(f, e)};`);
  lines.push('}', '');
  lines.push(`export interface ${e}Query {`, '  ids?: string[];', `  status?: ${e}Status;`, '  limit: number;', '  cursor?: string;', '}', '');
  lines.push(`export type ${e}Patch = Partial<Omit<${e}, 'id'>> & { id: string };`);
  lines.push(`export type ${e}Event = { kind: 'created' | 'updated' | 'removed'; entity: ${e}; at: number };`, '');
  lines.push(`export const ${e.toUpperCase()}_DEFAULTS = Object.freeze({ limit: ${r.int(10, 100)}, ttlMs: ${r.int(1, 60) * 1000}, region: 'eu-west-1' });`);
  lines.push(`export const ${e.toUpperCase()}_KINDS = ['standard', 'express', 'bulk'] as const;`, '');
  lines.push(`export function is${e}(value: unknown): value is ${e} {`);
  lines.push(`  return typeof value === 'object' && value !== null && typeof (value as ${e}).id === 'string';`, '}', '');
  lines.push(`export function empty${e}(id: string): ${e} {`, '  return {');
  for (const f of fields) if (f !== 'note') lines.push(`    ${f}: ${fieldDefault(f, e)},`);
  lines.push('  };', '}', '');
  return lines.join('\n');
}

function fieldType(f, e) {
  if (f === 'status') return `${e}Status`;
  if (f === 'tags') return 'string[]';
  if (['amount', 'version', 'retries', 'priority', 'createdAt', 'updatedAt', 'deadline'].includes(f)) return 'number';
  return 'string';
}

function fieldDefault(f, e) {
  if (f === 'id') return 'id';
  if (f === 'status') return `${e}Status.Pending`;
  if (f === 'tags') return '[]';
  if (fieldType(f, e) === 'number') return '0';
  return "''";
}

function methodBody(r, e, verb, indent) {
  const i = indent;
  const out = [];
  const kind = r.int(0, 5);
  if (kind === 0) {
    out.push(`${i}const existing = this.items.get(id);`);
    out.push(`${i}if (!existing) {`, `${i}  this.logger.warn(\`${verb}: ${lower(e)} \${id} not found\`);`, `${i}  return undefined;`, `${i}}`);
    out.push(`${i}const next = { ...existing, version: (existing.version ?? 0) + 1, updatedAt: Date.now() } as ${e};`);
    out.push(`${i}this.items.set(id, next);`, `${i}this.emit({ kind: 'updated', entity: next, at: Date.now() });`, `${i}return next;`);
  } else if (kind === 1) {
    out.push(`${i}const results: ${e}[] = [];`);
    out.push(`${i}for (const item of this.items.values()) {`);
    out.push(`${i}  if (item.id === id || (this.options.label && item.id.startsWith(this.options.label))) results.push(item);`);
    out.push(`${i}}`, `${i}results.sort((a, b) => a.id.localeCompare(b.id));`, `${i}return results[0];`);
  } else if (kind === 2) {
    out.push(`${i}let attempt = 0;`, `${i}while (attempt < this.options.retries) {`, `${i}  try {`);
    out.push(`${i}    const item = this.items.get(id) ?? empty${e}(id);`, `${i}    this.items.set(id, item);`, `${i}    return item;`);
    out.push(`${i}  } catch (error) {`, `${i}    attempt++;`, `${i}    this.logger.error(\`${verb} failed (\${attempt})\`, error);`, `${i}  }`, `${i}}`, `${i}return undefined;`);
  } else if (kind === 3) {
    out.push(`${i}const grouped = new Map<string, ${e}[]>();`);
    out.push(`${i}for (const item of this.items.values()) {`, `${i}  const key = String(item.id).slice(0, 2);`);
    out.push(`${i}  const list = grouped.get(key) ?? [];`, `${i}  list.push(item);`, `${i}  grouped.set(key, list);`, `${i}}`);
    out.push(`${i}const picked = grouped.get(id.slice(0, 2))?.find((x) => x.id === id);`, `${i}return picked;`);
  } else if (kind === 4) {
    out.push(`${i}const started = performance.now();`, `${i}const item = this.items.get(id);`);
    out.push(`${i}switch (this.counter++ % 3) {`, `${i}  case 0:`, `${i}    this.logger.info('fast path', { id });`, `${i}    break;`);
    out.push(`${i}  case 1:`, `${i}    this.logger.info('slow path', { id, elapsed: performance.now() - started });`, `${i}    break;`, `${i}  default:`, `${i}    break;`, `${i}}`, `${i}return item;`);
  } else {
    out.push(`${i}const item = this.items.get(id);`, `${i}if (item && this.ctx.userId !== item.id) {`);
    out.push(`${i}  this.items.delete(id);`, `${i}  this.emit({ kind: 'removed', entity: item, at: Date.now() });`, `${i}}`, `${i}return item;`);
  }
  return out;
}

function serviceFile(r, e, verbs, prefix = '', note = '') {
  const cls = `${prefix}${e}Service`;
  const lines = [];
  lines.push(`import { ${e}Status, empty${e}, type ${e}, type ${e}Event, type ${e}Query } from '../model/${kebab(e)}';`);
  lines.push(`import { createLogger, type Logger } from '../utils/logger';`);
  lines.push(`import type { UserContext } from '../utils/context';`, '');
  lines.push(`export interface ${cls}Options {`, '  retries: number;', '  timeoutMs: number;', '  label?: string;', '}', '');
  lines.push(`/** ${note || `Keeps the ${lower(e)}s of one user and publishes their changes.`} */`);
  lines.push(`export class ${cls} {`);
  lines.push(`  private readonly items = new Map<string, ${e}>();`);
  lines.push(`  private readonly listeners: Array<(event: ${e}Event) => void> = [];`);
  lines.push('  private counter = 0;', '  private readonly logger: Logger;', '');
  lines.push(`  constructor(private readonly ctx: UserContext, private readonly options: ${cls}Options = { retries: 3, timeoutMs: 5000 }) {`);
  lines.push(`    this.logger = createLogger('${lower(cls)}');`, '  }', '');
  for (const verb of verbs) {
    lines.push(`  ${verb}(id: string): ${e} | undefined {`, ...methodBody(r, e, verb, '    '), '  }', '');
  }
  lines.push(`  query(q: ${e}Query): ${e}[] {`);
  lines.push('    const all = [...this.items.values()].filter((x) => !q.ids || q.ids.includes(x.id));');
  lines.push(`    return all.filter((x) => q.status === undefined || (x as { status?: ${e}Status }).status === q.status).slice(0, q.limit);`, '  }', '');
  lines.push(`  subscribe(listener: (event: ${e}Event) => void): () => void {`);
  lines.push('    this.listeners.push(listener);', '    return () => {', '      const at = this.listeners.indexOf(listener);', '      if (at >= 0) this.listeners.splice(at, 1);', '    };', '  }', '');
  lines.push(`  private emit(event: ${e}Event): void {`, '    for (const l of this.listeners) l(event);', '  }', '');
  lines.push(`  snapshot(): ${e}[] {`, `    return [...this.items.values()].map((x) => ({ ...x }));`, '  }', '');
  lines.push(`  seed(count: number): void {`, `    for (let n = 0; n < count; n++) this.items.set(\`seed-\${n}\`, empty${e}(\`seed-\${n}\`));`, '  }', '}', '');
  return lines.join('\n');
}

function factoryFile(r, e) {
  const cls = `${e}Service`;
  const lines = [];
  lines.push(`import { ${cls}, type ${cls}Options } from '../services/${kebab(e)}-service';`);
  lines.push(`import type { UserContext } from '../utils/context';`, '');
  lines.push(`const services = new Map<string, ${cls}>();`, '');
  lines.push(`function keyOf(ctx: UserContext): string {`, '  return `${ctx.tenantId}:${ctx.userId}`;', '}', '');
  lines.push(`/** The one way to obtain a ${cls}: one per user, created on first use. */`);
  lines.push(`export function get${cls}(ctx: UserContext, options?: ${cls}Options): ${cls} {`);
  lines.push('  const key = keyOf(ctx);', '  let service = services.get(key);', '  if (!service) {');
  lines.push(`    service = new ${cls}(ctx, options);`, '    services.set(key, service);', '  }', '  return service;', '}', '');
  lines.push(`export async function get${cls}Async(ctx: UserContext): Promise<${cls}> {`, `  return get${cls}(ctx);`, '}', '');
  lines.push(`export function release${cls}(ctx: UserContext): boolean {`, '  return services.delete(keyOf(ctx));', '}', '');
  lines.push(`export function ${lower(e)}ServiceCount(): number {`, '  return services.size;', '}', '');
  if (r.chance(0.5)) lines.push(`export function reset${cls}s(): void {`, '  services.clear();', '}', '');
  return lines.join('\n');
}

function handlerFile(r, e, verbs, foreign, opts) {
  const cls = `${e}Service`;
  const lines = [];
  lines.push(`import { get${cls}, get${cls}Async } from '../factories/${kebab(e)}-factory';`);
  lines.push(`import { ${e}Status, type ${e} } from '../model/${kebab(e)}';`);
  lines.push(`import type { UserContext } from '../utils/context';`);
  for (const f of foreign) lines.push(`import { ${f.name} } from '${f.spec}';`);
  if (opts.cycleWith) lines.push(`import { handle${opts.cycleWith}Request } from './${kebab(opts.cycleWith)}-handler';`);
  if (opts.direct) lines.push(`import { ${cls} } from '../services/${kebab(e)}-service';`);
  lines.push('');
  lines.push(`export interface ${e}Request {`, '  id: string;', '  action: string;', '  payload?: Record<string, unknown>;', '}', '');
  lines.push(`export async function handle${e}Request(ctx: UserContext, request: ${e}Request): Promise<${e} | undefined> {`);
  lines.push(`  const service = ${opts.awaitSync ? 'await ' : ''}get${cls}(ctx);`);
  lines.push('  switch (request.action) {');
  for (const v of verbs.slice(0, 4)) lines.push(`    case '${v}':`, `      return service.${v}(request.id);`);
  lines.push('    default:', '      break;', '  }');
  if (opts.cycleWith) lines.push(`  if (request.action === 'delegate') await handle${opts.cycleWith}Request(ctx, { ...request, action: 'load' });`);
  lines.push('  return undefined;', '}', '');
  lines.push(`export async function list${e}s(ctx: UserContext, limit = 20): Promise<${e}[]> {`);
  lines.push(`  const service = await get${cls}Async(ctx);`);
  lines.push(`  const all = service.query({ limit, status: ${e}Status.Active });`);
  lines.push('  const out = [];', '  for (const item of all) {', '    try {');
  lines.push('      out.push(await Promise.resolve(item));', '    } catch (error) {', "      console.error('skipping', item.id, error);", '    }', '  }');
  for (const f of foreign) lines.push(`  ${f.use}`);
  lines.push('  return out;', '}', '');
  if (opts.direct) {
    lines.push(`/** Builds its own service "to be safe": a second instance nobody else sees. */`);
    lines.push(`export function adhoc${e}(ctx: UserContext): ${cls} {`, `  return new ${cls}(ctx);`, '}', '');
  }
  return lines.join('\n');
}

function utilFile(r, name) {
  const lines = [];
  lines.push(`/** ${name} helpers. */`);
  const n = r.int(4, 9);
  for (let k = 0; k < n; k++) {
    const fn = `${name}${k === 0 ? '' : k}`;
    const shape = r.int(0, 3);
    if (shape === 0) {
      lines.push(`export function ${fn}<T>(items: readonly T[], size = ${r.int(2, 50)}): T[][] {`, '  const out: T[][] = [];');
      lines.push('  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));', '  return out;', '}', '');
    } else if (shape === 1) {
      lines.push(`export function ${fn}(value: string, fallback = ''): string {`, '  const trimmed = value.trim();');
      lines.push("  if (trimmed.length === 0) return fallback;", `  return trimmed.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, ${r.int(20, 80)});`, '}', '');
    } else if (shape === 2) {
      lines.push(`export async function ${fn}<T>(task: () => Promise<T>, attempts = ${r.int(2, 6)}): Promise<T> {`, '  let last: unknown;');
      lines.push('  for (let i = 0; i < attempts; i++) {', '    try {', '      return await task();', '    } catch (error) {', '      last = error;');
      lines.push('      await new Promise((resolve) => setTimeout(resolve, 2 ** i * 10));', '    }', '  }', '  throw last;', '}', '');
    } else {
      lines.push(`export const ${fn} = <K extends string, V>(entries: Array<[K, V]>): Record<K, V> => {`, '  const out = {} as Record<K, V>;');
      lines.push('  for (const [k, v] of entries) out[k] = v;', '  return out;', '};', '');
    }
  }
  return lines.join('\n');
}

const LOGGER = `export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, error?: unknown): void;
}

const LEVELS = Object.freeze({ info: 20, warn: 30, error: 40 });

export function createLogger(name: string): Logger {
  const write = (level: keyof typeof LEVELS, message: string, data?: unknown): void => {
    if (LEVELS[level] < 20) return;
    console.log(JSON.stringify({ level, name, message, data, at: new Date().toISOString() }));
  };
  return {
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, error) => write('error', message, error),
  };
}
`;

const CONTEXT = `export interface UserContext {
  userId: string;
  tenantId: string;
  roles: readonly string[];
}

export function isAdmin(ctx: UserContext): boolean {
  return ctx.roles.includes('admin');
}
`;

/**
 * Write a corpus of exactly `total` source files under `dir`. Returns a manifest of what was planted.
 */
export function generateCorpus(dir, total, seed = 1) {
  const r = rng(seed);
  const files = new Map();
  const PER_PACKAGE = 48;
  const packages = Math.max(1, Math.ceil(total / PER_PACKAGE));
  const planted = { duplicates: 0, awaitedSync: 0, directNew: 0, sharedInstance: 0, cycles: 0, aliases: 0 };
  const barrelExports = []; // per package: [{ name, pkg }]
  const entitiesOf = [];
  // Entity names are unique across the corpus (a real monorepo does not hold 15 copies of one
  // service); the few planted "Legacy" copies are the duplicates.
  const used = new Set();
  for (let p = 0; p < packages; p++) {
    const ents = [];
    while (ents.length < 10) {
      let e = `${r.pick(QUALIFIERS)}${r.pick(AREAS)}${r.pick(NOUNS)}`;
      for (let k = 2; used.has(e); k++) e = `${r.pick(QUALIFIERS)}${r.pick(AREAS)}${r.pick(NOUNS)}${k > 50 ? UTIL_NAMES[k % UTIL_NAMES.length] : ''}`;
      used.add(e);
      ents.push(e);
    }
    entitiesOf.push(ents);
  }
  for (let p = 0; p < packages; p++) {
    const pkg = `packages/pkg${String(p).padStart(4, '0')}/src`;
    const ents = entitiesOf[p];
    const put = (rel, text) => files.set(`${pkg}/${rel}`, text);
    put('utils/logger.ts', LOGGER);
    put('utils/context.ts', CONTEXT);
    const utils = [];
    for (let u = 0; u < 3; u++) {
      const name = `${r.pick(UTIL_NAMES)}${u}`;
      utils.push(name);
      put(`utils/${kebab(name)}.ts`, utilFile(r, name));
    }
    const barrel = ['// Public surface of this package.'];
    const exported = [];
    for (let k = 0; k < ents.length; k++) {
      const e = ents[k];
      const verbs = VERBS.filter(() => r.chance(0.35)).slice(0, 8);
      while (verbs.length < 4) verbs.push(VERBS[verbs.length + k]);
      put(`model/${kebab(e)}.ts`, modelFile(r, e));
      put(`services/${kebab(e)}-service.ts`, serviceFile(r, e, verbs));
      put(`factories/${kebab(e)}-factory.ts`, factoryFile(r, e));
      const foreign = [];
      if (p > 0 && r.chance(0.7)) {
        const q = r.int(Math.max(0, p - 20), p - 1);
        const fe = r.pick(entitiesOf[q]);
        foreign.push({ name: `${fe.toUpperCase()}_DEFAULTS`, spec: `../../../pkg${String(q).padStart(4, '0')}/src`, use: `if (out.length > ${fe.toUpperCase()}_DEFAULTS.limit) out.length = ${fe.toUpperCase()}_DEFAULTS.limit;` });
      }
      const opts = {};
      if (k === 1 && p % 5 === 0) {
        opts.awaitSync = true;
        planted.awaitedSync++;
      }
      if (k === 2 && p % 7 === 0) {
        opts.direct = true;
        planted.directNew++;
      }
      if (k === 3 && p % 4 === 0) {
        opts.cycleWith = ents[4];
        planted.cycles++;
      }
      if (k === 4 && p % 4 === 0) opts.cycleWith = ents[3];
      put(`handlers/${kebab(e)}-handler.ts`, handlerFile(r, e, verbs, foreign, opts));
      if (k === 0 && p % 10 === 0) {
        put(`services/legacy-${kebab(e)}-service.ts`, serviceFile(r, e, verbs, 'Legacy', 'Older copy kept "for compatibility".'));
        planted.duplicates++;
      }
      barrel.push(`export * from './model/${kebab(e)}';`);
      barrel.push(`export { get${e}Service, release${e}Service } from './factories/${kebab(e)}-factory';`);
      exported.push(e);
    }
    barrel.push(`export { handle${ents[0]}Request as handleRequest } from './handlers/${kebab(ents[0])}-handler';`);
    barrel.push(`export * from './utils/${kebab(utils[0])}';`);
    if (p % 6 === 0) {
      barrel.push(`import { ${ents[5]}Service } from './services/${kebab(ents[5])}-service';`);
      barrel.push(`/** Old name kept for callers of v1. */`, `export const ${ents[5]}Manager = ${ents[5]}Service;`);
      planted.aliases++;
    }
    if (p % 9 === 0) {
      barrel.push(`import { ${ents[6]}Service as Shared${ents[6]}Service } from './services/${kebab(ents[6])}-service';`);
      barrel.push(`export const shared${ents[6]} = new Shared${ents[6]}Service({ userId: 'system', tenantId: 'system', roles: [] });`);
      planted.sharedInstance++;
    }
    put('index.ts', `${barrel.join('\n')}\n`);
    barrelExports.push(exported);
  }
  // Trim or pad to exactly `total`: drop files from the end of the last packages (never an index.ts
  // that others import... handlers import barrels of earlier packages only, so drop from the tail).
  let keys = [...files.keys()];
  if (keys.length > total) {
    // Remove whole trailing handler/util files first; keep every barrel and its targets consistent
    // by removing from the last package only what nothing else imports.
    const removable = keys.filter((k) => /\/(handlers|utils\/(?!logger|context))/.test(k) && !k.includes('/utils/logger') && !k.includes('/utils/context'));
    while (keys.length > total && removable.length > 0) {
      const victim = removable.pop();
      files.delete(victim);
      keys = [...files.keys()];
    }
  }
  let pad = 0;
  while (files.size < total) {
    files.set(`packages/extra/src/util-${pad}.ts`, utilFile(r, `${r.pick(UTIL_NAMES)}X${pad}`));
    pad++;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const dirs = new Set();
  for (const rel of files.keys()) dirs.add(path.dirname(path.join(dir, rel)));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  let bytes = 0;
  let lines = 0;
  for (const [rel, text] of files) {
    fs.writeFileSync(path.join(dir, rel), text);
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length;
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `bench-corpus-${total}`, private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, skipLibCheck: true, noEmit: true }, include: ['packages'] }, null, 2)}\n`,
  );
  return { files: files.size, bytes, lines, planted };
}

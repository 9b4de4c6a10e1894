import {
  defineRule,
  expandKey,
  keyedCollections,
  loc,
  type ChainStep,
  type ExpandedKey,
  type FileFacts,
  type KeyedAccess,
  type KeyedCollection,
  type KeyOperand,
  type KeyVariant,
  type ProjectIndex,
  type RelatedLocation,
  type ReportInput,
} from '../../src/api/index.js';

const INSERT = 'set';
const VERB: Record<string, string> = { get: 'Lookup in', has: 'Lookup in', delete: 'Removal from', set: 'Insert into' };

type Report = (finding: ReportInput) => void;

/** Signatures two variants are compared by. */
function sigs(v: KeyVariant): string[] {
  return v.map((o) => o.sig);
}

/** `service.name` → `servicename`: the snake_case spelling of an attribute path's last step. */
function joinedSig(o: KeyOperand): string | undefined {
  if (o.kind !== 'ref') return undefined;
  const steps = o.text.split('.');
  return steps.length < 2 ? undefined : `${steps[steps.length - 2]}${steps[steps.length - 1]}`.toLowerCase().replace(/[_$-]/g, '');
}

/** The same data: one name, or `service.name` against `service_name` (an object and the name it was found by). */
function sameOperand(a: KeyOperand, b: KeyOperand): boolean {
  if (a.sig === b.sig) return true;
  if (a.kind !== 'ref' || b.kind !== 'ref') return false;
  // One enum member (`EventType.CREATED.value`) against a variable part (`event_type`, or the loop
  // over every member that inserted it): the variable may hold that member.
  if (a.member && b.member) return false;
  if (a.member || b.member) return true;
  return joinedSig(a) === b.sig || joinedSig(b) === a.sig;
}

function sameVariant(a: KeyVariant, b: KeyVariant): boolean {
  return a.length === b.length && a.every((o, i) => sameOperand(o, b[i]!));
}

/** Two keys can be equal: some way of building one is a way of building the other. */
function canMatch(a: ExpandedKey, b: ExpandedKey): boolean {
  return a.variants.some((x) => b.variants.some((y) => sameVariant(x, y)));
}

function names(v: KeyVariant): Set<string> {
  return new Set(v.filter((o) => o.kind === 'ref' && !o.member).map((o) => o.sig));
}

function allNames(key: ExpandedKey): Set<string> {
  return new Set(key.variants.flatMap((v) => [...names(v)]));
}

function comparable(key: ExpandedKey): boolean {
  return key.variants.length > 0 && key.variants.every((v) => v.length > 0 && !v.some((o) => o.kind === 'other'));
}

/** Made elsewhere and passed in: the set of keys such an insert uses is unknown. */
function passedIn(key: ExpandedKey): boolean {
  return key.variants.some((v) => v.length === 1 && v[0]!.opaque);
}

function sources(key: ExpandedKey): KeyOperand[] {
  return key.variants.flatMap((v) => v.filter((o) => o.kind === 'nondeterministic'));
}

/** `ctx.userId + ":" + ctx.threadId`, variants separated by ` | `. */
function expansion(key: ExpandedKey): string {
  return key.variants.map((v) => v.map((o) => o.text).join(' + ')).join(' | ');
}

function shown(key: ExpandedKey): string {
  return key.functions.length > 0 ? `\`${key.text}\` (= ${expansion(key)})` : `\`${key.text}\``;
}

function operandText(o: KeyOperand): string {
  if (o.kind !== 'ref') return o.text;
  // An enum's `.value` is the member: `channel.value` is shown as `channel`.
  const t = o.text.length > 6 && o.text.endsWith('.value') ? o.text.slice(0, -6) : o.text;
  return t.slice(t.lastIndexOf('.') + 1);
}

/** "the insert key also uses `threadId`, while this key …": which operands differ between two variants. */
function differences(insert: KeyVariant, other: KeyVariant): string {
  const a = new Set(sigs(insert));
  const b = new Set(sigs(other));
  const onlyInsert = insert.filter((o) => !b.has(o.sig));
  const onlyOther = other.filter((o) => !a.has(o.sig));
  // Separators and prefixes matter only when no data differs.
  const dataDiffers = onlyInsert.concat(onlyOther).some((o) => o.kind !== 'literal');
  const describe = (all: KeyOperand[], whose: string): string | undefined => {
    const list = [...new Map((dataDiffers ? all.filter((o) => o.kind !== 'literal') : all).map((o) => [o.sig, o])).values()];
    if (list.length === 0) return undefined;
    const plain = list.filter((o) => !o.fallback).map(operandText);
    const fallbacks = list.filter((o) => o.fallback).map(operandText);
    const bits = [
      plain.length > 0 ? `uses ${plain.map((t) => `\`${t}\``).join(', ')}` : undefined,
      fallbacks.length > 0 ? `falls back to ${fallbacks.map((t) => `\`${t}\``).join(', ')}` : undefined,
    ].filter(Boolean);
    return `${whose} ${bits.join(' and ')}`;
  };
  const parts = [describe(onlyInsert, 'the insert key also'), describe(onlyOther, 'this key')].filter(Boolean);
  return parts.length > 0 ? parts.join(', while ') : 'the operands are combined in a different order';
}

/** The operation as the language writes it: `managers.set(key)`, `managers[key] = …`. */
function opText(index: ProjectIndex, a: KeyedAccess): string {
  return index.language(a.file).spelling.keyedOp(a.op.receiver, a.op.op, a.op.key);
}

function keyChain(a: KeyedAccess, role: string): ChainStep[] {
  const steps: ChainStep[] = [{ file: a.file, line: a.op.at.line, column: a.op.at.column, text: `${role} key ${a.key.text}${a.key.functions.length > 0 ? ` = ${expansion(a.key)}` : ''}` }];
  for (const f of a.key.functions) steps.push({ file: f.file, line: f.fn.nameAt.line, column: f.fn.nameAt.column, text: `key function ${f.fn.qualifiedName}() returns ${f.fn.derives?.text ?? '?'}` });
  return steps;
}

function keyFunctionsRelated(key: ExpandedKey): RelatedLocation[] {
  return key.functions.map((f) => loc(f.file, f.fn.nameAt, `key function ${f.fn.qualifiedName}()`));
}

/** (b) Lookups and removals whose key cannot equal any insert's key on the same registry. */
function checkDerivations(index: ProjectIndex, c: KeyedCollection, report: Report): void {
  const inserts = c.accesses.filter((a) => a.op.op === INSERT);
  if (inserts.length === 0 || inserts.some((i) => !comparable(i.key) || passedIn(i.key))) return;
  const mismatches = new Map<string, { best: { insert: KeyedAccess; iv: KeyVariant; av: KeyVariant }; sites: KeyedAccess[] }>();
  for (const a of c.accesses) {
    if (a.op.op === INSERT || !comparable(a.key)) continue;
    if (inserts.some((i) => canMatch(i.key, a.key))) continue;
    // The closest pair of variants: the most data in common.
    let best: { insert: KeyedAccess; iv: KeyVariant; av: KeyVariant; shared: number } | undefined;
    for (const i of inserts) {
      for (const iv of i.key.variants) {
        for (const av of a.key.variants) {
          const mine = names(av);
          const shared = [...names(iv)].filter((n) => mine.has(n)).length;
          if (shared > (best?.shared ?? 0)) best = { insert: i, iv, av, shared };
        }
      }
    }
    if (!best) continue;
    // A handle passed in (`get(id)`) may be exactly what the caller got back from an insert:
    // only data the insert composes around it (`${u}:${t}` against `u`) is evidence.
    // The receiver's own fields (`self.name + "." + fullname`) are a per-object prefix, not data of
    // the call: the caller may pass the full key.
    const selfName = index.selfName(best.insert.file);
    if (passedIn(a.key) && !best.iv.some((o) => o.kind === 'ref' && !o.fallback && !names(best!.av).has(o.sig) && !o.text.startsWith(`${selfName}.`))) continue;
    // One registry, one inconsistency: every site deriving its key the same way is one finding.
    const cause = `${best.insert.file}:${best.insert.op.at.line}\0${a.key.variants.map((v) => sigs(v).join(',')).join('|')}`;
    const group = mismatches.get(cause);
    if (group) group.sites.push(a);
    else mismatches.set(cause, { best, sites: [a] });
  }
  for (const { best, sites } of mismatches.values()) {
    sites.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.op.at.line - y.op.at.line));
    const [a, ...others] = sites as [KeyedAccess, ...KeyedAccess[]];
    const insert = best.insert;
    const verb = VERB[a.op.op] ?? 'Access to';
    const more = others.length > 0 ? ` The same key is used at ${others.length} more site${others.length === 1 ? '' : 's'} (related).` : '';
    report({
      file: a.file,
      at: a.op.at,
      symbol: c.label,
      key: `derivation\0${c.id}\0${a.op.op}\0${a.op.key}\0${a.op.enclosing}`,
      message: `${verb} \`${c.label}\` by key ${shown(a.key)} is derived differently from the insert key ${shown(insert.key)} (${insert.file}:${insert.op.at.line}): ${differences(best.iv, best.av)}, so it misses those entries.${more}`,
      cause: {
        id: `${c.id} keys unlike insert ${insert.op.key}`,
        title: `Lookups and removals in \`${c.label}\` use keys derived differently from its insert key ${shown(insert.key)} (${insert.file}:${insert.op.at.line}), so they miss the entries it stores`,
        site: `${opText(index, a)}: ${differences(best.iv, best.av)}`,
      },
      related: [
        loc(insert.file, insert.op.at, `insert ${opText(index, insert)}`),
        ...others.map((o) => loc(o.file, o.op.at, `${(VERB[o.op.op] ?? 'Access to').split(' ')[0]!.toLowerCase()} by the same key ${opText(index, o)}`)),
        ...keyFunctionsRelated(insert.key),
        ...keyFunctionsRelated(a.key),
        loc(c.file, c.at, `registry \`${c.label}\``),
      ],
      chain: [...keyChain(insert, 'insert'), ...keyChain(a, a.op.op)],
    });
  }
}

/**
 * (a) Keys with a non-deterministic part, when something shows the key is meant to identify data:
 * it is built by a key function from its arguments, other operations find entries by that data,
 * or the same function looks the key up before inserting it (a get-or-create that never hits).
 * A key that is only `randomUUID()` or a counter is a fresh handle, not a registry key.
 */
function checkNondeterminism(index: ProjectIndex, c: KeyedCollection, report: Report): void {
  const reported = new Set<string>();
  const ordered = [...c.accesses].sort((x, y) => Number(y.op.op === INSERT) - Number(x.op.op === INSERT));
  for (const a of ordered) {
    const found = sources(a.key);
    if (found.length === 0) continue;
    if (isHandle(c, a)) continue;
    const data = allNames(a.key);
    if (data.size === 0) continue;
    const source = found.find((o) => o.via && o.via.fn.params.length > 0) ?? found[0]!;
    const viaFn = source.via && source.via.fn.params.length > 0 ? source.via : undefined;
    const findsByData = c.accesses.some(
      (o) => o !== a && o.op.op !== INSERT && comparable(o.key) && !passedIn(o.key) && sources(o.key).length === 0 && [...allNames(o.key)].some((n) => data.has(n)),
    );
    const getOrCreate =
      a.op.op !== INSERT &&
      a.op.op !== 'delete' &&
      c.accesses.some((o) => o.op.op === INSERT && o.file === a.file && o.op.enclosing === a.op.enclosing && canMatch(o.key, a.key) && !sameLocalAfter(a, o));
    if (!viaFn && !findsByData && !getOrCreate) continue;
    const origin = viaFn ? `${viaFn.file}#${viaFn.fn.qualifiedName}` : `${a.file}#${a.op.enclosing}#${a.op.key}`;
    if (reported.has(origin)) continue;
    reported.add(origin);
    const where = source.via
      ? ` (${source.fallback ? 'a fallback ' : ''}in key function ${source.via.fn.qualifiedName}(), ${source.via.file}:${source.via.fn.nameAt.line})`
      : source.fallback
        ? ' (in a fallback branch)'
        : '';
    const dataText = [...new Set(a.key.variants.flatMap((v) => v.filter((o) => o.kind === 'ref').map(operandText)))];
    const others = c.accesses.filter((o) => o !== a && sources(o.key).some((x) => x.sig === source.sig));
    report({
      file: a.file,
      at: a.op.at,
      symbol: c.label,
      key: `nondeterministic\0${c.id}\0${origin}\0${source.text}`,
      message: `Key for \`${c.label}\` includes ${source.text}${where}, ${source.fallback ? 'so whenever the fallback is taken' : `so for the same ${dataText.map((t) => `\`${t}\``).join(' / ')}`} the key is new on every call: entries stored under it are never found or removed again and the registry grows.`,
      cause: {
        id: `${c.id} nondeterministic ${source.text}${source.via ? ` in ${source.via.file}#${source.via.fn.qualifiedName}` : ''}`,
        title: `Keys for \`${c.label}\` include ${source.text}${where}, so they are new on every call: entries stored under them are never found or removed again and the registry grows`,
        site: opText(index, a),
      },
      related: [
        ...keyFunctionsRelated(a.key),
        ...others.slice(0, 3).map((o) => loc(o.file, o.op.at, `${index.language(o.file).spelling.keyedOpName(o.op.op)} with the same key: ${opText(index, o)}`)),
        loc(c.file, c.at, `registry \`${c.label}\``),
      ],
      chain: keyChain(a, a.op.op),
    });
  }
}

/** `a` reads, through the local the insert `insert` wrote with, after that insert: the same value. */
function sameLocalAfter(a: KeyedAccess, insert: KeyedAccess): boolean {
  return a.op.keyLocal !== undefined && a.op.keyLocal === insert.op.keyLocal && a.op.at.line > insert.op.at.line;
}

/**
 * A handle: the key is built once into a local (`key = f"{u}:{time.time()}"`), stored, and read or
 * removed through that same local after the insert (`finally: del active[key]`), and nothing else
 * builds a key with the same source. Whatever the key contains, those operations agree.
 */
function isHandle(c: KeyedCollection, a: KeyedAccess): boolean {
  const local = a.op.keyLocal;
  if (local === undefined) return false;
  const mine = c.accesses.filter((o) => o.file === a.file && o.op.enclosing === a.op.enclosing && o.op.keyLocal === local);
  const firstInsert = Math.min(...mine.filter((o) => o.op.op === INSERT).map((o) => o.op.at.line));
  if (!Number.isFinite(firstInsert) || mine.some((o) => o.op.op !== INSERT && o.op.at.line <= firstInsert)) return false;
  const sigsOf = new Set(sources(a.key).map((o) => o.sig));
  return c.accesses.every((o) => mine.includes(o) || !sources(o.key).some((x) => sigsOf.has(x.sig)));
}

/**
 * (a) for registries (`createRegistry({ key })`): the key option decides which entry an input maps
 * to on get, create and release alike, so a non-deterministic part means a new entry per call.
 */
function checkRegistryKeys(index: ProjectIndex, file: FileFacts, report: Report): void {
  for (const reg of file.registries) {
    if (!reg.key || !reg.keyAt) continue;
    const key = { ...expandKey(index, file.path, undefined, reg.key), text: reg.key.text };
    const source = sources(key)[0];
    if (!source) continue;
    const label = reg.name || reg.label || reg.callee;
    const where = source.via ? ` (${source.fallback ? 'a fallback ' : ''}in key function ${source.via.fn.qualifiedName}(), ${source.via.file}:${source.via.fn.nameAt.line})` : source.fallback ? ' (in a fallback branch)' : '';
    report({
      file: file.path,
      at: reg.keyAt,
      symbol: label,
      key: `registry-key\0${label}\0${source.text}`,
      message: `The key of registry \`${label}\` includes ${source.text}${where}, ${source.fallback ? 'so whenever the fallback is taken' : 'so for the same input'} it is new on every call: get() creates a new instance each time and release() never finds it.`,
      cause: {
        id: `registry ${file.path}#${label}`,
        title: `The key of registry \`${label}\` includes ${source.text}${where}: get() creates a new instance each time and release() never finds it`,
        site: `key ${key.text}`,
      },
      related: [...keyFunctionsRelated(key), loc(file.path, reg.at, `registry \`${label}\``)],
      chain: [
        { file: file.path, line: reg.keyAt.line, column: reg.keyAt.column, text: `key ${key.text}${key.functions.length > 0 ? ` = ${expansion(key)}` : ''}` },
        ...key.functions.map((f) => ({ file: f.file, line: f.fn.nameAt.line, column: f.fn.nameAt.column, text: `key function ${f.fn.qualifiedName}() returns ${f.fn.derives?.text ?? '?'}` })),
      ],
    });
  }
}

export default defineRule<{ includeTests: boolean }>({
  id: 'registry-key-inconsistency',
  severity: 'error',
  summary: 'registry keys with non-deterministic parts, or derived differently on insert, lookup and removal',
  primaryLocation: 'the lookup or removal whose key differs, or the operation whose key is non-deterministic',
  options: {
    includeTests: { type: 'boolean', default: false, description: 'also check registries declared in test files' },
  },
  check(index, options, report) {
    for (const file of index.files) if (options.includeTests || !index.isTestFile(file.path)) checkRegistryKeys(index, file, report);
    for (const c of keyedCollections(index)) {
      if (!options.includeTests && index.isTestFile(c.file)) continue;
      checkNondeterminism(index, c, report);
      checkDerivations(index, c, report);
    }
  },
});

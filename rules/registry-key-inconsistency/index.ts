import {
  defineRule,
  keyedCollections,
  loc,
  type ChainStep,
  type ExpandedKey,
  type KeyedAccess,
  type KeyedCollection,
  type KeyOperand,
  type RelatedLocation,
  type ReportInput,
} from '../../src/api/index.js';

const INSERT = 'set';
const VERB: Record<string, string> = { get: 'Lookup in', has: 'Lookup in', delete: 'Removal from', set: 'Insert into' };

/** Signatures two keys are compared by; literal defaults in fallbacks (`?? 'anon'`) do not count. */
function sigs(key: ExpandedKey): string[] {
  return key.operands.filter((o) => !(o.fallback && o.kind === 'literal')).map((o) => (o.fallback ? `?${o.sig}` : o.sig));
}

function sameDerivation(a: ExpandedKey, b: ExpandedKey): boolean {
  const x = sigs(a);
  const y = sigs(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** `userId`, `threadId`: the data a key is built from, as written. */
function dataTexts(key: ExpandedKey): string[] {
  return [...new Set(key.operands.filter((o) => o.kind === 'ref').map(operandText))];
}

function names(key: ExpandedKey): Set<string> {
  return new Set(key.operands.filter((o) => o.kind === 'ref').map((o) => o.sig));
}

function comparable(key: ExpandedKey): boolean {
  return key.operands.length > 0 && !key.operands.some((o) => o.kind === 'other');
}

/** Made elsewhere and passed in: the set of keys such an insert uses is unknown. */
function passedIn(key: ExpandedKey): boolean {
  return key.operands.length === 1 && key.operands[0]!.opaque;
}

/** `ctx.userId + ":" + ctx.threadId ?? "main"`: the operands, fallbacks marked. */
function expansion(key: ExpandedKey): string {
  return key.operands.map((o, i) => (i === 0 ? o.text : `${o.fallback ? ' ?? ' : ' + '}${o.text}`)).join('');
}

function shown(key: ExpandedKey): string {
  return key.functions.length > 0 ? `\`${key.text}\` (= ${expansion(key)})` : `\`${key.text}\``;
}

function operandText(o: KeyOperand): string {
  return o.kind === 'ref' ? o.text.slice(o.text.lastIndexOf('.') + 1) : o.text;
}

/** "the insert key also uses threadId; this key falls back to …": which operands differ. */
function differences(insert: ExpandedKey, other: ExpandedKey): string {
  const bySig = (k: ExpandedKey): Map<string, KeyOperand> => new Map(k.operands.map((o) => [(o.fallback ? '?' : '') + o.sig, o]));
  const a = bySig(insert);
  const b = bySig(other);
  const onlyInsert = [...a].filter(([s, o]) => !b.has(s) && !(o.fallback && o.kind === 'literal')).map(([, o]) => o);
  const onlyOther = [...b].filter(([s, o]) => !a.has(s) && !(o.fallback && o.kind === 'literal')).map(([, o]) => o);
  const describe = (all: KeyOperand[], whose: string): string | undefined => {
    // Separators and prefixes matter only when no data differs.
    const data = all.filter((o) => o.kind !== 'literal');
    const list = data.length > 0 || onlyInsert.concat(onlyOther).some((o) => o.kind !== 'literal') ? data : all;
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

function opText(a: KeyedAccess): string {
  return `${a.op.receiver}.${a.op.op}(${a.op.key})`;
}

function keyChain(a: KeyedAccess, role: string): ChainStep[] {
  const steps: ChainStep[] = [{ file: a.file, line: a.op.at.line, column: a.op.at.column, text: `${role} key ${a.key.text}${a.key.functions.length > 0 ? ` = ${expansion(a.key)}` : ''}` }];
  for (const f of a.key.functions) steps.push({ file: f.file, line: f.fn.nameAt.line, column: f.fn.nameAt.column, text: `key function ${f.fn.qualifiedName}() returns ${f.fn.derives?.text ?? '?'}` });
  return steps;
}

function keyFunctionsRelated(key: ExpandedKey): RelatedLocation[] {
  return key.functions.map((f) => loc(f.file, f.fn.nameAt, `key function ${f.fn.qualifiedName}()`));
}

type Report = (finding: ReportInput) => void;

/** (b) Lookups and removals whose key is derived differently from every insert. */
function checkDerivations(c: KeyedCollection, report: Report): void {
  const inserts = c.accesses.filter((a) => a.op.op === INSERT);
  if (inserts.length === 0 || inserts.some((i) => !comparable(i.key) || passedIn(i.key))) return;
  for (const a of c.accesses) {
    if (a.op.op === INSERT || !comparable(a.key)) continue;
    if (inserts.some((i) => sameDerivation(i.key, a.key))) continue;
    const mine = names(a.key);
    let best: KeyedAccess | undefined;
    let bestShared = 0;
    for (const i of inserts) {
      const shared = [...names(i.key)].filter((n) => mine.has(n)).length;
      if (shared > bestShared) [best, bestShared] = [i, shared];
    }
    if (!best) continue;
    // A handle passed in (`get(sessionId)`) may be the very key an insert generated and returned
    // (`id ?? randomUUID()`): only a difference in the data the insert composes is evidence.
    if (passedIn(a.key) && !best.key.operands.some((o) => !o.fallback && o.kind !== 'nondeterministic' && !sigs(a.key).includes(o.sig))) continue;
    const verb = VERB[a.op.op] ?? 'Access to';
    report({
      file: a.file,
      at: a.op.at,
      symbol: c.label,
      key: `derivation\0${c.id}\0${a.op.op}\0${a.op.key}\0${a.op.enclosing}`,
      message: `${verb} \`${c.label}\` by key ${shown(a.key)} is derived differently from the insert key ${shown(best.key)} (${best.file}:${best.op.at.line}): ${differences(best.key, a.key)}, so it misses those entries.`,
      related: [
        loc(best.file, best.op.at, `insert ${opText(best)}`),
        ...keyFunctionsRelated(best.key),
        ...keyFunctionsRelated(a.key),
        loc(c.file, c.at, `registry \`${c.label}\``),
      ],
      chain: [...keyChain(best, 'insert'), ...keyChain(a, a.op.op)],
    });
  }
}

/**
 * (a) Keys with a non-deterministic part, when something shows the key is meant to identify data:
 * it is built by a key function from its arguments, other operations find entries by that data,
 * or the same function looks the key up before inserting it (a get-or-create that never hits).
 * A key that is only `randomUUID()` or a counter is a fresh handle, not a registry key.
 */
function checkNondeterminism(c: KeyedCollection, report: Report): void {
  const reported = new Set<string>();
  const ordered = [...c.accesses].sort((x, y) => Number(y.op.op === INSERT) - Number(x.op.op === INSERT));
  for (const a of ordered) {
    const sources = a.key.operands.filter((o) => o.kind === 'nondeterministic');
    if (sources.length === 0) continue;
    const data = names(a.key);
    if (data.size === 0) continue;
    const source = sources[0]!;
    const viaFn = source.via && source.via.fn.params.length > 0 ? source.via : undefined;
    const findsByData = c.accesses.some(
      (o) => o !== a && o.op.op !== INSERT && comparable(o.key) && !passedIn(o.key) && !o.key.operands.some((x) => x.kind === 'nondeterministic') && [...names(o.key)].some((n) => data.has(n)),
    );
    const getOrCreate =
      a.op.op !== INSERT &&
      a.op.op !== 'delete' &&
      c.accesses.some((o) => o.op.op === INSERT && o.file === a.file && o.op.enclosing === a.op.enclosing && sameDerivation(o.key, a.key));
    if (!viaFn && !findsByData && !getOrCreate) continue;
    const origin = viaFn ? `${viaFn.file}#${viaFn.fn.qualifiedName}` : `${a.file}#${a.op.enclosing}#${a.op.key}`;
    if (reported.has(origin)) continue;
    reported.add(origin);
    const where = source.via
      ? ` (${source.fallback ? 'a fallback ' : ''}in key function ${source.via.fn.qualifiedName}(), ${source.via.file}:${source.via.fn.nameAt.line})`
      : source.fallback
        ? ' (in a fallback branch)'
        : '';
    const others = c.accesses.filter((o) => o !== a && o.key.operands.some((x) => x.kind === 'nondeterministic' && x.sig === source.sig));
    report({
      file: a.file,
      at: a.op.at,
      symbol: c.label,
      key: `nondeterministic\0${c.id}\0${origin}\0${source.text}`,
      message: `Key for \`${c.label}\` includes ${source.text}${where}, ${source.fallback ? 'so whenever the fallback is taken' : `so for the same ${dataTexts(a.key).map((t) => `\`${t}\``).join(' / ')}`} the key is new on every call: entries stored under it are never found or removed again and the registry grows.`,
      related: [
        ...keyFunctionsRelated(a.key),
        ...others.slice(0, 3).map((o) => loc(o.file, o.op.at, `${o.op.op} with the same key`)),
        loc(c.file, c.at, `registry \`${c.label}\``),
      ],
      chain: keyChain(a, a.op.op),
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
    for (const c of keyedCollections(index)) {
      if (!options.includeTests && index.isTestFile(c.file)) continue;
      checkNondeterminism(c, report);
      checkDerivations(c, report);
    }
  },
});

/**
 * `npm run accuracy [-- --verbose] [-- --json]`: recall and precision of every rule on the labelled
 * fixtures, measured with the real engine (the built dist/src, so run after `npm run build`).
 *
 * Every fixture project (fixtures/<name>/, fixtures/rules/<rule>/<case>/, fixtures/sprawl/<app>/ —
 * the same discovery as test/fixtures.test.ts, and the same labels: test/helpers/labels.js) is
 * analysed on its own. Findings are matched one-to-one to `expect:` labels (file, line, rule,
 * fragment). Per rule: labelled, found (true positives), missed (false negatives), false (false
 * positives, and how many of them hit a line labelled `ok: <rule>`, a look-alike the rule must stay
 * silent on), recall and precision; once for the sprawl corpus (fixtures/sprawl/) and once for all
 * fixtures. Then every false positive and false negative with file:line and message: always for
 * the sprawl corpus, for the others with --verbose.
 *
 * Exit 1 when, over all fixtures, a rule with at least one label has recall below 0.90 or a rule
 * with findings has precision below 0.95; 0 otherwise; 2 on a usage error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureDirs, formatExpectation, formatFinding, listFiles, matchFindings, readLabels } from '../test/helpers/labels.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'fixtures');
const SPRAWL = path.join(FIXTURES, 'sprawl') + path.sep;
const MIN_RECALL = 0.9;
const MIN_PRECISION = 0.95;
/** Rules a fixture may label before they exist (measured at recall 0 until they land); none today. */
const PLANNED_RULES = new Set([]);
/** Fixture projects that are not labelled (the registry's example app and its broken variants have tests of their own). */
const UNLABELLED = new Set(['registry-app', 'registry-broken']);

const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--verbose' && a !== '--json') {
    process.stderr.write(`accuracy: unknown option ${a} (use --verbose, --json)\n`);
    process.exit(2);
  }
}
const verbose = args.includes('--verbose');
const json = args.includes('--json');

const { analyze, RULE_IDS } = await import(path.join(ROOT, 'dist/src/engine/run.js')).catch(() => {
  process.stderr.write('accuracy: dist/src is missing; run `npm run build` first\n');
  process.exit(2);
});

/** One fixture project: its labels and the engine's findings, matched. */
function measureFixture(dir) {
  const result = analyze({ targets: ['.'], cwd: dir, cache: false, keepIndex: false });
  const rel = (file) => path.relative(ROOT, path.join(dir, file)).split(path.sep).join('/');
  const findings = result.findings.filter((f) => !f.suppressed);
  const { expectations, lookAlikes } = readLabels(dir, listFiles(dir));
  const { matched, unexpected, missing } = matchFindings(findings, expectations);
  const onLookAlike = (f) => lookAlikes.some((l) => l.file === f.file && l.line === f.line && l.ruleId === f.ruleId);
  return {
    fixture: path.relative(ROOT, dir).split(path.sep).join('/'),
    sprawl: dir.startsWith(SPRAWL),
    expectations: expectations.map((e) => ({ ...e, file: rel(e.file) })),
    lookAlikes: lookAlikes.map((l) => ({ ...l, file: rel(l.file) })),
    truePositives: matched.map(({ finding }) => ({ ...finding, file: rel(finding.file) })),
    falsePositives: unexpected.map((f) => ({ ...f, file: rel(f.file), onLookAlike: onLookAlike(f) })),
    falseNegatives: missing.map((e) => ({ ...e, file: rel(e.file) })),
  };
}

const ratio = (num, den) => (den === 0 ? null : num / den);

/** Per-rule counts over some fixtures. */
function tally(runs) {
  const rules = new Map();
  const row = (id) => {
    if (!rules.has(id)) rules.set(id, { ruleId: id, labelled: 0, lookAlikes: 0, found: 0, missed: 0, false: 0, falseOnLookAlike: 0 });
    return rules.get(id);
  };
  for (const r of runs) {
    for (const e of r.expectations) row(e.ruleId).labelled++;
    for (const l of r.lookAlikes) row(l.ruleId).lookAlikes++;
    for (const f of r.truePositives) row(f.ruleId).found++;
    for (const e of r.falseNegatives) row(e.ruleId).missed++;
    for (const f of r.falsePositives) {
      row(f.ruleId).false++;
      if (f.onLookAlike) row(f.ruleId).falseOnLookAlike++;
    }
  }
  const out = [...rules.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  for (const r of out) {
    r.recall = ratio(r.found, r.labelled);
    r.precision = ratio(r.found, r.found + r.false);
  }
  const total = out.reduce(
    (t, r) => ({ labelled: t.labelled + r.labelled, lookAlikes: t.lookAlikes + r.lookAlikes, found: t.found + r.found, missed: t.missed + r.missed, false: t.false + r.false, falseOnLookAlike: t.falseOnLookAlike + r.falseOnLookAlike }),
    { labelled: 0, lookAlikes: 0, found: 0, missed: 0, false: 0, falseOnLookAlike: 0 },
  );
  total.recall = ratio(total.found, total.labelled);
  total.precision = ratio(total.found, total.found + total.false);
  return { fixtures: runs.length, rules: out, total };
}

/** The gate: every labelled rule's recall and every reporting rule's precision, over all fixtures. */
function gate(all) {
  const failures = [];
  for (const r of all.rules) {
    if (r.labelled > 0 && r.recall < MIN_RECALL) failures.push(`${r.ruleId}: recall ${pct(r.recall)} < ${pct(MIN_RECALL)}`);
    if (r.found + r.false > 0 && r.precision < MIN_PRECISION) failures.push(`${r.ruleId}: precision ${pct(r.precision)} < ${pct(MIN_PRECISION)}`);
  }
  return { minRecall: MIN_RECALL, minPrecision: MIN_PRECISION, pass: failures.length === 0, failures };
}

function pct(x) {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

function table(title, t) {
  const head = ['rule', 'labelled', 'found', 'missed', 'false', 'on ok:', 'recall', 'precision'];
  const rows = [...t.rules, { ruleId: 'total', ...t.total }].map((r) => [
    r.ruleId, String(r.labelled), String(r.found), String(r.missed), String(r.false), String(r.falseOnLookAlike), pct(r.recall), pct(r.precision),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`${title} (${t.fixtures} fixture projects)`, fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

function listing(title, runs) {
  const fps = runs.flatMap((r) => r.falsePositives);
  const fns = runs.flatMap((r) => r.falseNegatives);
  const lines = [`${title}: ${fps.length} false positives, ${fns.length} false negatives`];
  for (const f of fps) lines.push(`  FP ${formatFinding(f)}${f.onLookAlike ? '  [on an ok: look-alike]' : ''}`);
  for (const e of fns) lines.push(`  FN ${formatExpectation(e)}`);
  return lines.join('\n');
}

const dirs = fixtureDirs(FIXTURES).filter((d) => !UNLABELLED.has(path.relative(FIXTURES, d).split(path.sep)[0]));
const runs = dirs.map(measureFixture);
// A label naming no rule (a typo) would pass as a rule that finds nothing: refuse it.
const unknown = runs.flatMap((r) => [...r.expectations, ...r.lookAlikes]).filter((l) => !RULE_IDS.has(l.ruleId) && !PLANNED_RULES.has(l.ruleId));
if (unknown.length > 0) {
  for (const l of unknown) process.stderr.write(`accuracy: ${l.file}:${l.line}: label names no rule: ${l.ruleId}\n`);
  process.exit(2);
}
const sprawlRuns = runs.filter((r) => r.sprawl);
const otherRuns = runs.filter((r) => !r.sprawl);
const sprawl = tally(sprawlRuns);
const all = tally(runs);
const verdict = gate(all);

if (json) {
  const strip = (r) => ({ ...r, truePositives: r.truePositives.length });
  process.stdout.write(
    `${JSON.stringify({ sprawl, all, gate: verdict, fixtures: runs.map(strip) }, (k, v) => (k === 'fingerprint' || k === 'related' || k === 'chain' ? undefined : v), 2)}\n`,
  );
} else {
  const out = [table('Sprawl corpus (fixtures/sprawl/)', sprawl), '', table('All labelled fixtures', all), '', listing('Sprawl corpus', sprawlRuns)];
  if (verbose) out.push('', listing('Other fixtures', otherRuns));
  else {
    const n = otherRuns.reduce((s, r) => s + r.falsePositives.length + r.falseNegatives.length, 0);
    if (n > 0) out.push('', `Other fixtures: ${n} false positives/negatives (--verbose lists them)`);
  }
  out.push('', verdict.pass ? `Gate passed (recall ≥ ${pct(MIN_RECALL)}, precision ≥ ${pct(MIN_PRECISION)} per rule, all fixtures).` : `Gate failed (recall ≥ ${pct(MIN_RECALL)}, precision ≥ ${pct(MIN_PRECISION)} per rule, all fixtures):\n${verdict.failures.map((f) => `  ${f}`).join('\n')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
process.exit(verdict.pass ? 0 : 1);

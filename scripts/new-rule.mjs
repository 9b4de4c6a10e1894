/**
 * `npm run new-rule <id> [-- --root <checkout>]`: a new rule, one command away (Ruff's
 * scripts/add_rule.py, knip's create-new-plugin). Writes
 *   rules/<id>/index.ts                                  a defineRule skeleton (imports only src/api)
 *   docs/rules/<id>.md                                   the standard headings, a TypeScript and a Python example
 *   fixtures/rules/<id>/violations/{src,app}/…          TS and Python code the rule must report (`expect:` labels)
 *   fixtures/rules/<id>/look-alikes/{src,app}/…         TS and Python code it must not (`ok:` labels)
 * and adds the rule to the table in rules/index.ts and to README.md's rule table, both sorted by id.
 * Until the rule is written its fixture and doc tests fail: that is the to-do list. An id that is
 * not kebab-case, or that is taken (a rule, doc or fixture folder of that name), is refused: one
 * line, exit 2, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = path.resolve(rootAt >= 0 ? args[rootAt + 1] ?? '' : path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const ids = args.filter((a, i) => a !== '--root' && !(rootAt >= 0 && i === rootAt + 1));

function refuse(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

if (rootAt >= 0 && !args[rootAt + 1]) refuse('--root needs a directory');

if (ids.length !== 1) refuse('usage: npm run new-rule <id>   (one id, kebab-case: awaited-sync-call)');
const id = ids[0];
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) refuse(`"${id}" is not a rule id: lower-case words joined by hyphens (awaited-sync-call)`);
const taken = [`rules/${id}`, `docs/rules/${id}.md`, `fixtures/rules/${id}`].find((p) => fs.existsSync(path.join(root, p)));
if (taken) refuse(`${id} exists already (${taken})`);

const camel = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const SUMMARY = 'TODO: one line, what the rule finds';

const TS_BAD = `// TODO: code that ${id} must report, an expect label on each line a finding is reported at (STYLE.md).
export class Example {} // expect: ${id}
`;
const PY_BAD = `# TODO: code that ${id} must report, an expect label on each line a finding is reported at (STYLE.md).
class Example:  # expect: ${id}
    pass
`;
const TS_OK = `// TODO: code that looks like a violation and is not (what a careless rule would flag).
export class Example {} // ok: ${id} — TODO: why this is fine
`;
const PY_OK = `# TODO: code that looks like a violation and is not (what a careless rule would flag).
class Example:  # ok: ${id} — TODO: why this is fine
    pass
`;

const files = {
  [`rules/${id}/index.ts`]: `import { defineRule } from '../../src/api/index.js';

export default defineRule({
  id: '${id}',
  severity: 'warning',
  summary: '${SUMMARY}',
  primaryLocation: 'TODO: the line a finding is reported at',
  options: {},
  check(index, _options, report) {
    // TODO: a query over the linked project (docs/architecture.md); report({ file, at, symbol, key, message }) each violation.
    void index;
    void report;
  },
});
`,
  [`docs/rules/${id}.md`]: `# ${id}

> ${SUMMARY}

Default severity: **warning**. Reported at: TODO: the line a finding is reported at.

## What it finds

TODO

## Why it matters

TODO

## Example

\`\`\`ts
// file: src/example.ts
// TODO: the smallest code the rule reports (checked by test/docs.test.ts)
export class Example {}
\`\`\`

In Python:

\`\`\`python
# file: app/example.py
# TODO: the smallest code the rule reports (checked by test/docs.test.ts)
class Example:
    pass
\`\`\`

## Use instead

\`\`\`ts
// file: src/example.ts
export const example = 1;
\`\`\`

In Python:

\`\`\`python
# file: app/example.py
example = 1
\`\`\`

## Options

None.

## Known limits

- TODO
`,
  [`fixtures/rules/${id}/violations/src/example.ts`]: TS_BAD,
  [`fixtures/rules/${id}/violations/app/example.py`]: PY_BAD,
  [`fixtures/rules/${id}/look-alikes/src/example.ts`]: TS_OK,
  [`fixtures/rules/${id}/look-alikes/app/example.py`]: PY_OK,
};

/** Insert `line` into the run of lines matching `pattern`, keeping it sorted. */
function insertSorted(text, pattern, line, what) {
  const lines = text.split('\n');
  const at = lines.map((l, i) => (pattern.test(l) ? i : -1)).filter((i) => i >= 0);
  if (at.length === 0) refuse(`cannot find ${what}`);
  const before = at.find((i) => lines[i] > line);
  lines.splice(before ?? at[at.length - 1] + 1, 0, line);
  return lines.join('\n');
}

const tableFile = path.join(root, 'rules/index.ts');
let table = fs.readFileSync(tableFile, 'utf8');
table = insertSorted(table, /^import \w+ from '\.\/[a-z0-9-]+\/index\.js';$/, `import ${camel} from './${id}/index.js';`, 'the rule imports in rules/index.ts');
const entries = /(export const RULES[^=]*= \[\n)((?: {2}\w+,\n)*)/.exec(table);
if (!entries) refuse('cannot find the RULES array in rules/index.ts');
// Each entry's id, from its import line.
const idOf = new Map([...table.matchAll(/^import (\w+) from '\.\/([a-z0-9-]+)\/index\.js';$/gm)].map((m) => [m[1], m[2]]));
const names = [...[...entries[2].matchAll(/ {2}(\w+),/g)].map((m) => m[1]), camel];
const key = (name) => idOf.get(name) ?? name;
const sorted = names.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
table = table.replace(entries[0], `${entries[1]}${sorted.map((n) => `  ${n},\n`).join('')}`);

const readmeFile = path.join(root, 'README.md');
const readme = insertSorted(fs.readFileSync(readmeFile, 'utf8'), /^\| \[`[a-z0-9-]+`\]\(docs\/rules\/[a-z0-9-]+\.md\) \|/, `| [\`${id}\`](docs/rules/${id}.md) | warning | ${SUMMARY} |`, "README.md's rule table");

// The primary-location table of docs/ci.md (test/commands.test.ts checks every rule is in it).
const ciFile = path.join(root, 'docs/ci.md');
const ciLines = fs.readFileSync(ciFile, 'utf8').split('\n');
const header = ciLines.indexOf('| rule | primary location |');
if (header < 0) refuse("cannot find docs/ci.md's primary-location table");
let tableEnd = header + 2;
while (tableEnd < ciLines.length && ciLines[tableEnd].startsWith('| `')) tableEnd++;
const ciRow = `| \`${id}\` | TODO: the line a finding is reported at |`;
const ciAt = ciLines.slice(header + 2, tableEnd).findIndex((l) => l > ciRow);
ciLines.splice(ciAt < 0 ? tableEnd : header + 2 + ciAt, 0, ciRow);
const ci = ciLines.join('\n');

// The config schema's rule keys (hand-formatted JSON: the line goes before the first id after it,
// or after the last one, which then takes the comma).
const schemaFile = path.join(root, 'docs/config.schema.json');
const schemaLines = fs.readFileSync(schemaFile, 'utf8').split('\n');
const rulesAt = schemaLines.indexOf('    "rules": {');
const propsAt = schemaLines.indexOf('      "properties": {', rulesAt);
const propsEnd = schemaLines.findIndex((l, i) => i > propsAt && /^ {6}\}/.test(l));
const ruleKeys = rulesAt < 0 || propsAt < 0 ? [] : schemaLines.map((l, i) => (i > propsAt && i < propsEnd && /^ {8}"[a-z0-9-]+": /.test(l) ? i : -1)).filter((i) => i >= 0);
if (ruleKeys.length === 0) refuse("cannot find the rule keys in docs/config.schema.json");
const keyOf = (i) => /"([a-z0-9-]+)"/.exec(schemaLines[i])[1];
const next = ruleKeys.find((i) => keyOf(i) > id);
const last = ruleKeys[ruleKeys.length - 1];
if (next !== undefined) schemaLines.splice(next, 0, `        "${id}": { "$ref": "#/definitions/ruleSettingWithTests" },`);
else if (/\}$/.test(schemaLines[last])) {
  // After the last key, a one-line entry: it takes the comma.
  schemaLines[last] += ',';
  schemaLines.splice(last + 1, 0, `        "${id}": { "$ref": "#/definitions/ruleSettingWithTests" }`);
} else schemaLines.splice(last, 0, `        "${id}": { "$ref": "#/definitions/ruleSettingWithTests" },`);

for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text, { flag: 'wx' });
}
fs.writeFileSync(tableFile, table);
fs.writeFileSync(readmeFile, readme);
fs.writeFileSync(ciFile, ci);
fs.writeFileSync(schemaFile, schemaLines.join('\n'));
process.stdout.write(
  `new-rule: wrote ${Object.keys(files).join(', ')}; added ${id} to rules/index.ts, README.md, docs/ci.md and docs/config.schema.json.\n` +
    `Next: write the check, the doc and the fixtures; npx vitest run test/fixtures.test.ts test/docs.test.ts test/rule-fixtures.test.ts test/commands.test.ts -t ${id} fails until they agree (and the primary location in docs/ci.md matches the rule's).\n`,
);

/**
 * Fixture labels, shared by the fixture tests (test/helpers/expectations.ts) and `npm run accuracy`
 * (scripts/accuracy.mjs). Plain JavaScript so that the script can import it without a build; types
 * in labels.d.ts.
 *
 * - `// expect: rule-id` / `# expect: rule-id "message fragment"` (several separated by `;`): a
 *   finding of that rule is reported on this line.
 * - `// ok: rule-id — why` / `# ok: rule-id, other-id — why`: a look-alike that rule must stay silent
 *   on. It never excuses a finding; the accuracy report uses it to say which false positives hit a
 *   labelled look-alike.
 */
import fs from 'node:fs';
import path from 'node:path';

const EXPECT = /(?:\/\/|#)\s*expect:\s*(.+?)\s*(?:\*\/)?$/;
const OK = /(?:\/\/|#)\s*ok:\s*([a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*)(?=\s|$)/;
const SOURCE = /\.(c|m)?[jt]sx?$|\.py$/;

/** `expect:` labels of `files` (relative to `root`); throws on a malformed one. */
export function readExpectations(root, files) {
  return readLabels(root, files).expectations;
}

/** `expect:` and `ok:` labels of `files` (relative to `root`). */
export function readLabels(root, files) {
  const expectations = [];
  const lookAlikes = [];
  for (const rel of files) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    text.split('\n').forEach((lineText, i) => {
      const m = EXPECT.exec(lineText);
      if (m) {
        for (const part of m[1].split(';')) {
          const pm = /^\s*([a-z][a-z0-9-]*)(?:\s+"([^"]*)")?\s*$/.exec(part);
          if (!pm) throw new Error(`${rel}:${i + 1}: malformed expectation "${part.trim()}"`);
          expectations.push({ file: rel, line: i + 1, ruleId: pm[1], ...(pm[2] ? { fragment: pm[2] } : {}) });
        }
        return;
      }
      const ok = OK.exec(lineText);
      if (ok) for (const id of ok[1].split(',')) lookAlikes.push({ file: rel, line: i + 1, ruleId: id.trim() });
    });
  }
  return { expectations, lookAlikes };
}

/** Source files under `dir` (POSIX paths relative to `base`), sorted; node_modules skipped. */
export function listFiles(dir, base = dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else if (SOURCE.test(e.name)) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Every fixture directory with annotations: fixtures/<name>/ and fixtures/rules/<rule>/<case>/. */
export function fixtureDirs(fixturesRoot) {
  const out = [];
  const walk = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const isProject = entries.some((e) => e.name === 'src' || e.name === 'tsconfig.json' || e.name === 'ssot.config.json' || e.name === '.fixture');
    if (isProject) {
      out.push(dir);
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(fixturesRoot);
  return out.sort();
}

/**
 * Match findings to expectations one-to-one: same file, line and rule, and the fragment (if any)
 * in the message. Findings are taken in order, each by the first expectation it fits.
 */
export function matchFindings(findings, expectations) {
  const remaining = [...expectations];
  const matched = [];
  const unexpected = [];
  for (const f of findings) {
    const i = remaining.findIndex(
      (e) => e.file === f.file && e.line === f.line && e.ruleId === f.ruleId && (!e.fragment || f.message.includes(e.fragment)),
    );
    if (i >= 0) matched.push({ finding: f, expectation: remaining.splice(i, 1)[0] });
    else unexpected.push(f);
  }
  return { matched, unexpected, missing: remaining };
}

/** `file:line:column rule: message`, as the fixture tests print an unexpected finding. */
export function formatFinding(f) {
  return `${f.file}:${f.line}:${f.column} ${f.ruleId}: ${f.message}`;
}

/** `file:line rule "fragment"`, as the fixture tests print a missing one. */
export function formatExpectation(e) {
  return `${e.file}:${e.line} ${e.ruleId}${e.fragment ? ` "${e.fragment}"` : ''}`;
}

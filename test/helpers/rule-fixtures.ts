/**
 * The two kinds of fixture a rule needs in each language it supports, found in
 * fixtures/rules/<id>/ by their labels (test/helpers/labels.js):
 * - incorrect: a file with an `expect: <id>` label — code the rule must report;
 * - correct: a file with an `ok: <id>` label, or in a case folder named `look-alikes` or
 *   `<something>-look-alikes` — code that looks like a violation and must not be reported.
 * test/fixtures.test.ts holds every case to its labels; this only says which kinds exist.
 */
import path from 'node:path';
import { listFiles, readLabels } from './labels.js';
import type { DocLanguage } from './rule-docs.js';

export interface FixtureKinds {
  incorrect: string[];
  correct: string[];
}

export function languageOf(file: string): DocLanguage | undefined {
  if (/\.pyi?$/.test(file)) return 'Python';
  if (/\.(c|m)?[jt]sx?$/.test(file)) return 'TypeScript';
  return undefined;
}

const LOOK_ALIKES = /^(?:.+-)?look-alikes$/;

/** Per language, the files of each kind under `ruleDir` (paths relative to it). */
export function fixtureKinds(ruleDir: string, ruleId: string): Map<DocLanguage, FixtureKinds> {
  const files = listFiles(ruleDir);
  const { expectations, lookAlikes } = readLabels(ruleDir, files);
  const kinds = new Map<DocLanguage, FixtureKinds>();
  const add = (file: string, kind: keyof FixtureKinds): void => {
    const language = languageOf(file);
    if (!language) return;
    const entry = kinds.get(language) ?? { incorrect: [], correct: [] };
    kinds.set(language, entry);
    if (!entry[kind].includes(file)) entry[kind].push(file);
  };
  for (const e of expectations) if (e.ruleId === ruleId) add(e.file, 'incorrect');
  for (const o of lookAlikes) if (o.ruleId === ruleId) add(o.file, 'correct');
  for (const file of files) if (LOOK_ALIKES.test(file.split('/')[0]!)) add(file, 'correct');
  for (const entry of kinds.values()) entry.incorrect.sort(), entry.correct.sort();
  return kinds;
}

export const fixtureDirOf = (fixturesRoot: string, ruleId: string): string => path.join(fixturesRoot, 'rules', ruleId);

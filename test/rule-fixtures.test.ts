/**
 * Every rule has, in each language it supports (the languages its doc's Example shows), both kinds
 * of fixture in fixtures/rules/<id>/: code it must report and a look-alike it must not (see
 * helpers/rule-fixtures.ts). unused-suppression, the engine's rule, is tested by suppressions.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { fixtureDirOf, fixtureKinds } from './helpers/rule-fixtures.js';
import { documentedLanguages } from './helpers/rule-docs.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('rule fixtures', () => {
  for (const rule of RULES) {
    const languages = documentedLanguages(fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8'));
    it(`${rule.id}: an incorrect and a correct fixture in each of ${languages.join(', ')}`, () => {
      const kinds = fixtureKinds(fixtureDirOf(path.join(ROOT, 'fixtures'), rule.id), rule.id);
      const missing = languages.flatMap((language) => {
        const k = kinds.get(language);
        return [...(k?.incorrect.length ? [] : [`${language}: no file with an \`expect: ${rule.id}\` label`]), ...(k?.correct.length ? [] : [`${language}: no look-alike (\`ok: ${rule.id}\` label or a *look-alikes case)`])];
      });
      expect(missing).toEqual([]);
    });
  }
});

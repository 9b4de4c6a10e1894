/**
 * The languages ssot-lint reads: one plugin object per language (src/frontends/plugin.ts), each in
 * its own folder. Adding a language is adding a folder and one line here (docs/adding-a-language.md).
 */
import type { LanguagePlugin } from './plugin.js';
import { python } from './python/index.js';
import { typescript } from './typescript/index.js';

export type { LanguagePlugin } from './plugin.js';

export const LANGUAGES: readonly LanguagePlugin[] = [typescript, python];

/** The built-in languages followed by `extra` ones (analyze()'s `languages` option). */
export function withLanguages(extra: readonly LanguagePlugin[] | undefined): readonly LanguagePlugin[] {
  return extra && extra.length > 0 ? [...LANGUAGES, ...extra] : LANGUAGES;
}

/** The language that reads `file`, by its extension (the first plugin that claims it). */
export function frontendFor(file: string, languages: readonly LanguagePlugin[] = LANGUAGES): LanguagePlugin | undefined {
  for (const l of languages) if (l.extensions.some((e) => file.endsWith(e))) return l;
  return undefined;
}

export function supportedExtensions(languages: readonly LanguagePlugin[] = LANGUAGES): string[] {
  return languages.flatMap((l) => [...l.extensions]);
}

/** The semantics of every language in `languages`, for a ProjectIndex (IndexOptions.languages). */
export function semanticsOf(languages: readonly LanguagePlugin[] = LANGUAGES): LanguagePlugin['semantics'] {
  return languages.flatMap((l) => l.semantics);
}

/** The facts of a file before extraction adds any: what every frontend starts from. */
import { FACTS_VERSION, type FileFacts, type Language } from '../../model/facts.js';

export function emptyFacts(path: string, language: Language, hash: string): FileFacts {
  return {
    version: FACTS_VERSION,
    path,
    language,
    hash,
    parseErrors: [],
    imports: [],
    exports: [],
    declarations: [],
    classes: [],
    functions: [],
    calls: [],
    news: [],
    bindings: [],
    keyedOps: [],
    registries: [],
    suppressions: [],
  };
}

/** What the linker and the rules need to know about TypeScript and JavaScript (see src/model/language.ts). */
import type { LanguageSemantics, Spelling } from '../../model/language.js';
import type { ImportBinding } from '../../model/project-index.js';
import { TS_EXTENSIONS } from './extensions.js';

const OPS: Record<string, string> = { set: 'set', get: 'get', has: 'has', delete: 'delete' };

export const TS_SPELLING: Spelling = {
  construction: (c) => `new ${c}()`,
  catchBlock: 'a catch block',
  rethrow: 'rethrow or report the error instead',
  throws: 'throws',
  published: 'exported here',
  classField: 'static field',
  perInstanceInstead: 'create it per instance in the constructor (or keep it static and readonly if every instance is meant to share it)',
  awaitSync: (name) => `the \`await\` hands its result back unchanged (one microtask later) and only misleads the reader; drop it, or make ${name}() async if it is meant to be`,
  awaitSyncEffect: 'has no effect',
  keyedOp: (r, op, k) => `${r}.${op}(${k})`,
  keyedOpName: (op) => OPS[op] ?? op,
  cycleEffect: 'depending on which loads first, one of them runs before the exports it imports are initialised',
  noValue: 'returns no value',
  nonAwaitable: 'non-promise',
  returnsConstruction: (c) => `returns new ${c}(…), not a Promise`,
  functionKind: (async) => (async ? 'async' : 'synchronous'),
  laterDefinitionWins: (kind) => (kind === 'method' ? 'the later method replaces the earlier on the class' : 'JavaScript binds the name to the last function declaration'),
  moduleText: (specifier) => `'${specifier}'`,
  missingModule: (text) => ({
    message: `${text} does not resolve to a module of this project: the import fails when this module loads.`,
    title: `${text} does not resolve to a module of this project: importing it fails when the importing module loads`,
  }),
  missingName: (target, name, _specifier, declared) =>
    declared
      ? {
          message: `${target} declares ${name} but does not export it: the import fails${name === 'default' ? '' : ` (${name} is undefined at run time)`}.`,
          title: `${target} declares ${name} but does not export it: importing it fails`,
        }
      : {
          message: `${target} does not export ${name === 'default' ? 'a default' : name}: the import fails (the name is undefined at run time).`,
          title: `${target} does not export ${name === 'default' ? 'a default' : name}: importing it fails`,
        },
};

function importText(imp: ImportBinding): string {
  const { fact, name } = imp;
  if (fact.kind === 'require') {
    return name.imported === '*' ? `${name.local} = require('${fact.specifier}')` : `{ ${name.imported} } = require('${fact.specifier}')`;
  }
  if (name.imported === '*') return `import * as ${name.local} from '${fact.specifier}'`;
  if (name.imported === 'default') return `import ${name.local} from '${fact.specifier}'`;
  const n = name.imported === name.local ? name.local : `${name.imported} as ${name.local}`;
  return `import { ${n} } from '${fact.specifier}'`;
}

export const TYPESCRIPT_SEMANTICS: LanguageSemantics = {
  id: 'typescript',
  extensions: TS_EXTENSIONS,
  runtime: 'js',
  spelling: TS_SPELLING,
  everyModuleNameImportable: false,
  isPrivateName: () => false,
  isPrivateModule: () => false,
  importsArePrivateUnlessPublished: false,
  publishesImports: () => false,
  constructorNames: ['constructor'],
  globalObjects: ['globalThis', 'window', 'self', 'global'],
  plainDataCollections: [],
  namesKnownStatically: true,
  importText,
  namedImportText: (specifier, imported, local) => `import { ${imported === local ? local : `${imported} as ${local}`} } from '${specifier}'`,
  reexportText: (from, imported, exported) =>
    imported === '*' ? `export * as ${exported} from '${from}'` : `export { ${imported === exported ? exported : `${imported} as ${exported}`} } from '${from}'`,
  exportStarText: (from) => `export * from '${from}'`,
};

/** JavaScript: TypeScript's semantics, except that a module's names are not all known statically. */
export const JAVASCRIPT_SEMANTICS: LanguageSemantics = { ...TYPESCRIPT_SEMANTICS, id: 'javascript', extensions: [], namesKnownStatically: false };

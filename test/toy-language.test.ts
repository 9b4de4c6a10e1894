/**
 * The seams of a language plugin (docs/adding-a-language.md), proven by a toy: a "language" whose
 * `.toy.json` files declare classes and their methods, `{"classes": {"WebSocketManager": ["connect"]}}`.
 * It is handed to analyze() as an extra plugin; nothing outside this file knows it.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/run.js';
import type { LanguagePlugin } from '../src/frontends/plugin.js';
import { emptyFacts } from '../src/frontends/shared/facts.js';
import type { ClassFact, FileFacts, Span } from '../src/model/facts.js';
import type { LanguageSemantics, Spelling } from '../src/model/language.js';
import { makeProject } from './helpers/project.js';

const at = (line: number): Span => ({ line, column: 1, endLine: line, endColumn: 1 });

/** One file's facts: a class per key, its methods as members; a file that is not JSON gets a parse error. */
function extractToy(path: string, text: string, hash: string): FileFacts {
  const facts = emptyFacts(path, 'toy', hash);
  let parsed: { classes?: Record<string, string[]> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (e) {
    facts.parseErrors.push({ message: (e as Error).message, line: 1, column: 1 });
    return facts;
  }
  let line = 1;
  for (const [name, methods] of Object.entries(parsed.classes ?? {})) {
    line++;
    const cls: ClassFact = {
      name,
      kind: 'class',
      exported: true,
      at: at(line),
      nameAt: at(line),
      implements: [],
      members: methods.map((m) => ({ name: m, kind: 'method', isStatic: false, isAbstract: false, at: at(line) })),
      ctorParams: [],
      fieldRefs: [],
      decorators: [],
      mutatedFields: [],
    };
    facts.classes.push(cls);
    facts.declarations.push({ name, kind: 'class', at: at(line) });
    facts.exports.push({ kind: 'local', exported: name, local: name, typeOnly: false, at: at(line) });
  }
  return facts;
}

const spelling: Spelling = {
  construction: (c) => `make ${c}`,
  catchBlock: 'a rescue block',
  rethrow: 'rethrow instead',
  throws: 'fails',
  published: 'declared here',
  classField: 'shared field',
  perInstanceInstead: 'make one per toy',
  awaitSync: () => 'toys never wait',
  awaitSyncEffect: 'does nothing',
  keyedOp: (r, op, k) => `${r}.${op}(${k})`,
  keyedOpName: (op) => op,
  cycleEffect: 'toys do not import',
  noValue: 'returns nothing',
  nonAwaitable: 'plain',
  returnsConstruction: (c) => `returns make ${c}`,
  functionKind: (async) => (async ? 'async' : 'sync'),
  laterDefinitionWins: (_kind, name) => `the last ${name} wins`,
  moduleText: (s) => s,
  missingModule: (text) => ({ message: `${text} is missing.`, title: `${text} is missing` }),
  missingName: (target, name) => ({ message: `${target} has no ${name}.`, title: `${target} has no ${name}` }),
};

const semantics = (runtime: string): LanguageSemantics => ({
  id: 'toy',
  extensions: ['.toy.json'],
  runtime,
  spelling,
  everyModuleNameImportable: false,
  isPrivateName: () => false,
  isPrivateModule: () => false,
  importsArePrivateUnlessPublished: false,
  publishesImports: () => false,
  constructorNames: ['init'],
  globalObjects: [],
  plainDataCollections: [],
  namesKnownStatically: true,
  importText: (imp) => `use ${imp.name.imported} from ${imp.fact.specifier}`,
  namedImportText: (specifier, imported) => `use ${imported} from ${specifier}`,
  reexportText: (from, imported) => `pass ${imported} from ${from}`,
  exportStarText: (from) => `pass all from ${from}`,
});

/** `runtime`: 'toy' keeps it a program of its own; 'js' links it with TypeScript (a toy that compiles to JavaScript). */
const toy = (runtime: string): LanguagePlugin => ({
  id: 'toy',
  extensions: ['.toy.json'],
  testFileGlobs: ['**/*.test.toy.json'],
  parser: { name: 'JSON.parse', version: process.version },
  extract: extractToy,
  semantics: [semantics(runtime)],
  parseErrorMessage: (first) => `is not toy JSON: ${first.message}`,
});

const METHODS = ['connect', 'send', 'close', 'reconnect'];
const dirs: string[] = [];
const project = (files: Record<string, string>): string => {
  const dir = makeProject(files, 'ssot-toy-');
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a language plugin passed to analyze()', () => {
  it('is discovered and extracted, and its classes feed the rules: two toy files declare one concept', () => {
    const dir = project({
      'chat/socket.toy.json': JSON.stringify({ classes: { WebSocketManager: METHODS } }),
      'presence/socket.toy.json': JSON.stringify({ classes: { WebSocketManager: METHODS } }),
      'chat/socket.test.toy.json': JSON.stringify({ classes: { WebSocketManager: METHODS } }),
      'broken.toy.json': '{ not json',
    });
    const result = analyze({ targets: ['.'], cwd: dir, languages: [toy('toy')], onlyRules: ['duplicate-implementation'] });
    expect(result.analysedFiles).toEqual(['chat/socket.test.toy.json', 'chat/socket.toy.json', 'presence/socket.toy.json']);
    expect(result.errors).toEqual([expect.objectContaining({ file: 'broken.toy.json', kind: 'parse-error', message: expect.stringMatching(/^is not toy JSON: /) })]);
    // The test file (the plugin's own test glob) is left out; the other two are one concept twice.
    expect(result.findings.map((f) => [f.ruleId, f.file, f.symbol])).toEqual([['duplicate-implementation', 'presence/socket.toy.json', 'WebSocketManager']]);
    expect(result.findings[0]!.related.map((r) => r.file)).toEqual(['chat/socket.toy.json']);
  });

  it('links with TypeScript when it shares its runtime, and stays apart when it does not', () => {
    const files = {
      'src/ws.ts': `export class WebSocketManager {\n${METHODS.map((m) => `  ${m}() {}\n`).join('')}}\n`,
      'legacy/ws.toy.json': JSON.stringify({ classes: { WebSocketManager: METHODS } }),
    };
    const shared = analyze({ targets: ['.'], cwd: project(files), languages: [toy('js')], onlyRules: ['duplicate-implementation'] });
    // One finding: a TypeScript class and a toy class are one concept implemented twice.
    expect(shared.findings.map((f) => [f.ruleId, f.symbol, [f.file, ...f.related.map((r) => r.file)].sort()])).toEqual([
      ['duplicate-implementation', 'WebSocketManager', ['legacy/ws.toy.json', 'src/ws.ts']],
    ]);
    const apart = analyze({ targets: ['.'], cwd: project(files), languages: [toy('toy')], onlyRules: ['duplicate-implementation'] });
    expect(apart.findings).toEqual([]);
  });

  it("takes its own section of the config (its settings), validated and handed to its resolver", () => {
    let seen: unknown;
    const withSettings: LanguagePlugin = {
      ...toy('toy'),
      settings: { roots: { kind: 'directories', description: 'where toy modules live' } },
      createResolver: ({ settings }) => {
        seen = settings;
        return { resolve: () => undefined };
      },
    };
    const dir = project({ 'lib/a.toy.json': JSON.stringify({ classes: {} }), 'ssot.config.json': JSON.stringify({ toy: { roots: ['lib'] } }) });
    analyze({ targets: ['.'], cwd: dir, languages: [withSettings] });
    expect(seen).toEqual({ roots: ['lib'] });
    fs.writeFileSync(`${dir}/ssot.config.json`, JSON.stringify({ toy: { root: ['lib'] } }));
    expect(() => analyze({ targets: ['.'], cwd: dir, languages: [withSettings] })).toThrow('unknown key "toy.root"; expected roots');
    // Without the plugin the section is an unknown key.
    expect(() => analyze({ targets: ['.'], cwd: dir })).toThrow(/unknown key "toy"/);
  });

  it('is unknown to a run that does not pass it', () => {
    const dir = project({ 'a.toy.json': JSON.stringify({ classes: { WebSocketManager: METHODS } }), 'b.ts': 'export const b = 1;\n' });
    expect(analyze({ targets: ['.'], cwd: dir }).analysedFiles).toEqual(['b.ts']);
  });
});

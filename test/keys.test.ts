/** Key derivations, import elision and lazy requires: the facts registry-key-inconsistency and import-cycle read. */
import { describe, expect, it } from 'vitest';
import { extractTypeScript } from '../src/frontends/typescript/extract.js';
import type { KeyDerivation, KeyPart } from '../src/model/facts.js';

const facts = (text: string, path = 'src/a.ts') => extractTypeScript(path, text, 'h');

/** A compact rendering: refs as paths, literals quoted, choices as (a | b), sources as ~src. */
function show(d: KeyDerivation | undefined): string {
  const part = (p: KeyPart): string => {
    switch (p.kind) {
      case 'ref':
        return p.opaque ? `${p.path}!` : p.path;
      case 'literal':
        return JSON.stringify(p.text);
      case 'nondeterministic':
        return `~${p.source}`;
      case 'choice':
        return `(${p.options.map(show).join(' | ')})`;
      case 'call':
        return `${p.receiver ? `${show(p.receiver)}.` : ''}${p.callee}(${p.args.map(show).join(', ')})`;
      case 'other':
        return `?${p.text}`;
    }
  };
  return d ? d.parts.map(part).join(' ') : 'none';
}

describe('keyed operations carry a derivation', () => {
  const f = facts(`
    import { randomUUID } from 'node:crypto';
    const managers = new Map<string, number>();
    let seq = 0;
    export function add(ctx: { userId?: string; threadId: string }, userId: string) {
      const key = \`\${ctx.userId}:\${ctx.threadId}\`;
      managers.set(key, 1);
      let fallbackKey = ctx.userId;
      if (!fallbackKey) fallbackKey = String(Date.now());
      managers.set(fallbackKey, 2);
      managers.set(ctx.userId ?? randomUUID(), 3);
      managers.set(++seq + '', 4);
      managers.get(ctx.threadId.toLowerCase());
      userId = userId.trim();
      managers.delete(userId);
      for (let i = 0; i < 3; i++) managers.set(String(i++), i);
    }
  `);
  const keys = f.keyedOps.map((o) => show(o.derivation));

  it('follows a local and splits a template into its operands', () => {
    expect(keys[0]).toBe('ctx.userId ":" ctx.threadId');
  });
  it('turns a local assigned twice into alternatives, and String(x) into x', () => {
    expect(keys[1]).toBe('(ctx.userId | ~Date.now())');
  });
  it('marks `??` alternatives and generated ids', () => {
    expect(keys[2]).toBe('(ctx.userId | ~randomUUID())');
    expect(f.keyedOps[2]!.nondeterministic).toEqual(['randomUUID()']);
  });
  it('treats a module-level counter as non-deterministic, a local one not', () => {
    expect(keys[3]).toBe('~process-unique counter `seq`');
    expect(keys[6]).toBe('?i++');
  });
  it('keeps a method called on data as a call with its receiver', () => {
    expect(keys[4]).toBe('ctx.threadId.toLowerCase()');
  });
  it('does not follow a reassigned parameter: it is the caller\'s value or the new one', () => {
    expect(keys[5]).toBe('userId!');
  });
});

describe('key functions record what they derive', () => {
  const f = facts(`
    export function userKey(ctx: { userId: string; threadId?: string }): string {
      return \`\${ctx.userId}:\${ctx.threadId ?? 'main'}\`;
    }
    export function anonKey(ctx: { sessionId?: string }): string {
      if (ctx.sessionId) return ctx.sessionId;
      return \`anon-\${Date.now()}\`;
    }
    export function newId(): string { return \`id-\${Math.random()}\`; }
    export function label(): string { return 'constant'; }
    export function build(ctx: { userId: string }) { return { id: ctx.userId }; }
    export async function later(ctx: { userId: string }) { return ctx.userId; }
  `);
  const derives = (name: string) => show(f.functions.find((fn) => fn.name === name)?.derives);

  it('writes parameters as $i and keeps fallbacks as alternatives', () => {
    expect(derives('userKey')).toBe('$0.userId ":" ($0.threadId | "main")');
    expect(derives('anonKey')).toBe('($0.sessionId | "anon-" ~Date.now())');
  });
  it('records a parameterless function only when it generates a value', () => {
    expect(derives('newId')).toBe('"id-" ~Math.random()');
    expect(derives('label')).toBe('none');
  });
  it('skips functions whose returns cannot be keys, and async ones', () => {
    expect(derives('build')).toBe('none');
    expect(derives('later')).toBe('none');
  });
});

describe('runtime import facts', () => {
  it('marks an import used only in type positions (or not at all) as elided', () => {
    const f = facts(`
      import { Member } from './member';
      import { Base } from './base';
      import { helper, type Shape } from './helper';
      import { Unused } from './unused';
      import { Reexported } from './reexported';
      export { Reexported };
      export class Room extends Base {
        members: Member[] = [];
        shape?: Shape;
        run() { return helper(); }
      }
    `);
    const elided = Object.fromEntries(f.imports.map((i) => [i.specifier, i.elided === true]));
    expect(elided).toEqual({ './member': true, './base': false, './helper': false, './unused': true, './reexported': false });
  });
  it('never elides imports in JavaScript files', () => {
    const f = facts(`import { Unused } from './unused';\n`, 'src/a.js');
    expect(f.imports[0]!.elided).toBeUndefined();
  });
  it('marks a require inside a function as lazy, a module-level one not', () => {
    const f = facts(`
      const pool = require('./pool');
      exports.spawn = () => require('./worker').run();
      function load() { return require('./plugin'); }
    `, 'src/a.js');
    const lazy = Object.fromEntries(f.imports.map((i) => [i.specifier, i.lazy === true]));
    expect(lazy).toEqual({ './pool': false, './worker': true, './plugin': true });
  });
});

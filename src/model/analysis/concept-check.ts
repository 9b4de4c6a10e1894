/**
 * Declared concepts that name nothing the analysis can find: a canonical class that does not exist,
 * a factory no module defines, a platform or external class nothing constructs or imports. Each is a
 * warning naming the config key (a typo silently turns a concept off otherwise); `--strict-config`
 * makes them an error.
 */
import type { ProjectIndex } from '../project-index.js';
import { findConfiguredFactory } from './managed.js';
import { withoutGlobalObject } from './instantiation.js';

export function conceptWarnings(index: ProjectIndex): string[] {
  const out: string[] = [];
  index.concepts.forEach((c, i) => {
    const key = `concepts[${i}]`;
    if (c.canonical) {
      const hash = c.canonical.lastIndexOf('#');
      const file = c.canonical.slice(0, hash);
      const name = c.canonical.slice(hash + 1);
      if (!index.file(file)) out.push(`${key}.canonical "${c.canonical}": ${file} is not an analysed file`);
      else if (!index.classIn(file, name)) out.push(`${key}.canonical "${c.canonical}": ${file} declares no class ${name}`);
    }
    (c.factories ?? []).forEach((spec, j) => {
      if (!findConfiguredFactory(index, spec)) out.push(`${key}.factories[${j}] "${spec}": no analysed module defines a function or registry of that name`);
    });
    if (c.class && !mentioned(index, c.class)) {
      out.push(`${key}.class "${c.class}": nothing in the analysed files ${c.class.includes('#') ? 'imports it' : 'constructs it'}`);
    }
  });
  return out;
}

/** `"WebSocket"` is constructed somewhere; `"pg#Pool"` is imported from `pg` somewhere. */
function mentioned(index: ProjectIndex, spec: string): boolean {
  const hash = spec.indexOf('#');
  for (const f of index.files) {
    if (hash < 0) {
      if (f.news.some((n) => withoutGlobalObject(index, f.path, n.callee) === spec)) return true;
      continue;
    }
    const moduleName = spec.slice(0, hash);
    if (f.imports.some((i) => i.specifier === moduleName)) return true;
  }
  return false;
}

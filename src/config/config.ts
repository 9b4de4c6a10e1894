/**
 * Configuration is data, never code: `ssot.config.json`, or the `"ssot"` key of package.json, found
 * by walking up from the first target. Analysing an untrusted pull request must never execute it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConceptSpec } from '../model/concepts.js';
import type { Severity } from '../model/findings.js';
import { LANGUAGES } from '../frontends/index.js';
import type { LanguagePlugin } from '../frontends/plugin.js';
import { UsageError } from '../util/errors.js';
import { checkGlob, checkKeys, insideRoot } from './limits.js';

export type RuleSetting = Severity | 'off' | [Severity | 'off', Record<string, unknown>];

export interface Config {
  include?: string[];
  exclude?: string[];
  testFiles?: string[];
  tsconfig?: string;
  rules?: Record<string, RuleSetting>;
  concepts?: ConceptSpec[];
  /** Require a `-- reason` on every inline suppression. */
  requireSuppressionReason?: boolean;
  /**
   * Each language's own section, by the language plugin's id, as its `settings` declare them
   * (`"python": { "roots": [...] }`: source roots, root-relative directories on `sys.path`).
   */
  languages?: Record<string, Record<string, string[]>>;
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or undefined when defaults apply. */
  file?: string;
  /** Directory of the config file: the project root for paths in findings. */
  dir?: string;
}

export const CONFIG_FILE = 'ssot.config.json';

export function findConfig(start: string, languages: readonly LanguagePlugin[] = LANGUAGES): LoadedConfig {
  let dir = path.resolve(start);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(candidate)) return loadConfigFile(candidate, languages);
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = readJson(pkg);
      if (json && typeof json === 'object' && 'ssot' in json) {
        return { config: validateConfig((json as Record<string, unknown>).ssot, `${pkg} ("ssot")`, undefined, dir, languages), file: pkg, dir };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { config: {} };
    dir = parent;
  }
}

export function loadConfigFile(file: string, languages: readonly LanguagePlugin[] = LANGUAGES): LoadedConfig {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new UsageError(`--config ${file}: file not found`);
  const json = readJson(abs);
  const label = path.basename(abs) === 'package.json' ? `${abs} ("ssot")` : abs;
  const data = path.basename(abs) === 'package.json' ? (json as Record<string, unknown>)?.ssot ?? {} : json;
  return { config: validateConfig(data, label, undefined, path.dirname(abs), languages), file: abs, dir: path.dirname(abs) };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // A UTF-8 byte order mark, as some Windows editors save, is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: invalid JSON (${(e as Error).message})`);
  }
}

const SEVERITY_VALUES = ['off', 'info', 'warning', 'error'];
const TOP_KEYS = ['$schema', '$comment', 'include', 'exclude', 'testFiles', 'tsconfig', 'rules', 'concepts', 'requireSuppressionReason'];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function fail(label: string, key: string, expected: string, got: unknown): never {
  throw new UsageError(`${label}: "${key}" must be ${expected}; got ${describe(got)}`);
}

function stringArray(label: string, key: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(label, key, 'an array of strings', v);
  return v as string[];
}

/** Globs: each one bounded (length, brace expansions); with `root`, each inside the project root. */
function globArray(label: string, key: string, v: unknown, root?: string | false): string[] {
  return stringArray(label, key, v).map((p, i) => {
    checkGlob(label, `${key}[${i}]`, p);
    return root === false ? p : insideRoot(label, `${key}[${i}]`, p, root);
  });
}

/**
 * Validate raw JSON into a Config, naming the bad key and the expected shape. `dir` (the config
 * file's directory, the project root) lets absolute paths inside it through, and checks that
 * `tsconfig` exists; without it only relative paths are accepted.
 */
export function validateConfig(raw: unknown, label: string, knownRules?: ReadonlySet<string>, dir?: string, languages: readonly LanguagePlugin[] = LANGUAGES): Config {
  // A language's own section of the config: the plugins that declare `settings`, by id.
  const languageSections = languages.filter((l) => l.settings !== undefined);
  const topKeys = [...TOP_KEYS, ...languageSections.map((l) => l.id)];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(label, '(root)', 'an object', raw);
  checkKeys(label, raw);
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!topKeys.includes(k)) throw new UsageError(`${label}: unknown key "${k}"; expected one of ${topKeys.slice(2).join(', ')}`);
  }
  const out: Config = {};
  if (obj.include !== undefined) out.include = globArray(label, 'include', obj.include, dir);
  if (obj.exclude !== undefined) out.exclude = globArray(label, 'exclude', obj.exclude, dir);
  if (obj.testFiles !== undefined) out.testFiles = globArray(label, 'testFiles', obj.testFiles, false);
  if (obj.tsconfig !== undefined) {
    if (typeof obj.tsconfig !== 'string' || obj.tsconfig === '') fail(label, 'tsconfig', 'a path string', obj.tsconfig);
    if (dir !== undefined && !isFile(path.resolve(dir, obj.tsconfig))) {
      throw new UsageError(`${label}: "tsconfig" ${JSON.stringify(obj.tsconfig)}: file not found (${path.resolve(dir, obj.tsconfig)})`);
    }
    out.tsconfig = obj.tsconfig;
  }
  if (obj.requireSuppressionReason !== undefined) {
    if (typeof obj.requireSuppressionReason !== 'boolean') fail(label, 'requireSuppressionReason', 'true or false', obj.requireSuppressionReason);
    out.requireSuppressionReason = obj.requireSuppressionReason;
  }
  for (const { id, settings } of languageSections) {
    if (obj[id] === undefined || settings === undefined) continue;
    const keys = Object.keys(settings);
    if (obj[id] === null || typeof obj[id] !== 'object' || Array.isArray(obj[id])) fail(label, id, `an object { ${keys.join(', ')} }`, obj[id]);
    const section = obj[id] as Record<string, unknown>;
    for (const k of Object.keys(section)) if (!keys.includes(k)) throw new UsageError(`${label}: unknown key "${id}.${k}"; expected ${keys.join(', ')}`);
    const values: Record<string, string[]> = {};
    // Every setting is a list of directories today ('directories'): relative to the project root, inside it.
    for (const k of keys) {
      if (section[k] === undefined) continue;
      values[k] = stringArray(label, `${id}.${k}`, section[k]).map((r, i) => {
        if (r.trim() === '') throw new UsageError(`${label}: "${id}.${k}[${i}]" is empty; expected a directory relative to the project root ("." for the root)`);
        return insideRoot(label, `${id}.${k}[${i}]`, r, dir);
      });
    }
    (out.languages ??= {})[id] = values;
  }
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) fail(label, 'rules', 'an object of rule id → severity', obj.rules);
    out.rules = {};
    for (const [id, setting] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (knownRules && !knownRules.has(id)) {
        throw new UsageError(`${label}: "rules.${id}" is not a rule; run \`ssot-lint rules\` for the list`);
      }
      const expected = `one of "off", "info", "warning", "error", or [severity, { options }]`;
      if (typeof setting === 'string') {
        if (!SEVERITY_VALUES.includes(setting)) fail(label, `rules.${id}`, expected, setting);
        out.rules[id] = setting as RuleSetting;
      } else if (Array.isArray(setting)) {
        const [sev, opts] = setting as unknown[];
        if (typeof sev !== 'string' || !SEVERITY_VALUES.includes(sev)) fail(label, `rules.${id}[0]`, expected, sev);
        if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) fail(label, `rules.${id}[1]`, 'an options object', opts);
        out.rules[id] = [sev as Severity | 'off', (opts ?? {}) as Record<string, unknown>];
      } else {
        fail(label, `rules.${id}`, expected, setting);
      }
    }
  }
  if (obj.concepts !== undefined) {
    if (!Array.isArray(obj.concepts)) fail(label, 'concepts', 'an array of { name, canonical, class, factories, allowNewIn, owners, scope }', obj.concepts);
    out.concepts = (obj.concepts as unknown[]).map((c, i) => {
      const key = `concepts[${i}]`;
      if (c === null || typeof c !== 'object' || Array.isArray(c)) fail(label, key, 'an object { name, canonical, class, factories, allowNewIn, owners, scope }', c);
      const co = c as Record<string, unknown>;
      for (const k of Object.keys(co)) {
        if (!['name', 'canonical', 'class', 'factories', 'allowNewIn', 'owners', 'scope', '$comment'].includes(k)) {
          throw new UsageError(`${label}: unknown key "${key}.${k}"; expected name, canonical, class, factories, allowNewIn, owners, scope`);
        }
      }
      if (typeof co.name !== 'string' || co.name === '') fail(label, `${key}.name`, 'a non-empty string', co.name);
      const spec: ConceptSpec = { name: co.name };
      if (co.canonical !== undefined) {
        if (typeof co.canonical !== 'string' || !/^[^#]+#[^#]+$/.test(co.canonical)) {
          fail(label, `${key}.canonical`, 'a string "path/to/file.ts#ClassName"', co.canonical);
        }
        spec.canonical = co.canonical;
      }
      if (co.factories !== undefined) spec.factories = stringArray(label, `${key}.factories`, co.factories);
      if (co.allowNewIn !== undefined) spec.allowNewIn = globArray(label, `${key}.allowNewIn`, co.allowNewIn, false);
      if (co.owners !== undefined) spec.allowNewIn = [...(spec.allowNewIn ?? []), ...globArray(label, `${key}.owners`, co.owners, false)];
      if (co.class !== undefined) {
        if (typeof co.class !== 'string' || !/^([^#\s]+#)?[A-Za-z_$][\w$]*$/.test(co.class)) {
          fail(label, `${key}.class`, 'a class name ("WebSocket") or "module#ExportedClass" ("pg#Pool")', co.class);
        }
        spec.class = co.class;
      }
      if (co.scope !== undefined) {
        if (co.scope !== 'process' && co.scope !== 'user') fail(label, `${key}.scope`, '"process" or "user"', co.scope);
        spec.scope = co.scope;
      }
      return spec;
    });
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

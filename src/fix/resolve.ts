/**
 * Fix requests → edits, after the whole analysis: each request is computed on the file's text as
 * read now (one read per file), in isolation from the others, and becomes one `Fix` on its finding:
 * one minimal edit per changed region (an import added at the top and a call rewritten below are
 * two edits, not one replacement of everything between them).
 * A request that cannot be made with certainty (the statement is not where the facts say, a name
 * is missing, a layout this does not edit) leaves the finding without a fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { frontendFor } from '../frontends/index.js';
import type { SourceReader } from '../frontends/plugin.js';
import { diffEdits, LineMap } from '../frontends/shared/text-edits.js';
import type { Finding, Fix, FixRequest } from '../model/findings.js';

export function diskReader(root: string): SourceReader {
  const cache = new Map<string, string | undefined>();
  return {
    read(file) {
      if (!cache.has(file)) {
        try {
          cache.set(file, fs.readFileSync(path.join(root, file), 'utf8'));
        } catch {
          cache.set(file, undefined);
        }
      }
      return cache.get(file);
    },
  };
}

/** Turn every finding's fix request into a fix (or drop it). */
export function resolveFixes(findings: Finding[], reader: SourceReader): void {
  for (const f of findings) {
    if (!f.fixRequest) continue;
    const request = f.fixRequest;
    delete f.fixRequest;
    const fix = resolveRequest(request, reader);
    if (fix) f.fix = fix;
  }
}

/** One request, by the fixer of the file's language (none: no fix). */
function resolveRequest(request: FixRequest, reader: SourceReader): Fix | undefined {
  const plugin = frontendFor(request.file);
  const fixer = plugin?.fixer;
  const text = reader.read(request.file);
  if (!fixer || text === undefined) return undefined;
  const map = new LineMap(text, plugin?.ecmaLineBreaks === true);
  const after = request.kind === 'move-import' ? fixer.moveImport(request, text, map) : fixer.callFactory(request, text, map, reader);
  if (after === undefined) return undefined;
  const edits = diffEdits(request.file, text, after, map);
  return edits.length > 0 ? { description: request.description, edits } : undefined;
}

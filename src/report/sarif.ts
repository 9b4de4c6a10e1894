/**
 * SARIF 2.1.0 (`--format sarif`) for GitHub code scanning and other SARIF viewers.
 *
 * One run. Paths are relative URIs against `%SRCROOT%` (the repository root, given absolutely in
 * `originalUriBaseIds` only), `partialFingerprints["ssot/v1"]` is our identity fingerprint (never a
 * line hash), chains become `codeFlows`, suppressed findings carry `suppressions[]`.
 *
 * GitHub rejects a run with more than 25,000 results. Above that, the results kept are the ones
 * that count (errors, then warnings, then notes), suppressed ones last, and a warning notification
 * in `invocations[0]` says how many were left out. GitHub also shows at most 100 locations per
 * result and 1,000 thread-flow locations, so related locations and code-flow steps are capped there.
 *
 * Findings of one cause (see Finding.cause) stay one result per site, as code scanning needs the
 * lines; each carries the cause in `properties.cause` (and the shared explanation in
 * `properties.causeTitle`), and the other sites of its cause as related locations ("same cause: …"),
 * after its own. Not in `partialFingerprints`: code scanning matches alerts by those, and sites are
 * not one alert; not `correlationGuid` either, which SARIF reserves for logically identical results.
 */
import { groupByCause, type ChainStep, type Finding, type Fix, type RelatedLocation } from '../model/findings.js';
import { TOOL_INFORMATION_URI, ruleHelpUri } from './links.js';
import { repoPath, type Reporter, type ReportData } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub code scanning's hard limit on results per run. */
export const MAX_SARIF_RESULTS = 25_000;
export const MAX_RELATED_LOCATIONS = 100;
export const MAX_FLOW_LOCATIONS = 1_000;
const SRCROOT = '%SRCROOT%';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A relative URI reference for a POSIX path: each segment percent-encoded (spaces, `#`, `%`, `:`). */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physical(data: ReportData, file: string, line: number, column: number, endLine?: number, endColumn?: number): object {
  return {
    artifactLocation: { uri: relativeUri(repoPath(data, file)), uriBaseId: SRCROOT },
    region: {
      startLine: line,
      startColumn: column,
      ...(endLine !== undefined ? { endLine } : {}),
      ...(endColumn !== undefined && (endLine === undefined || endLine > line || endColumn > column) ? { endColumn } : {}),
    },
  };
}

/** A finding's fix as SARIF's `fix`: per file, its replacements (an empty deleted region is an insertion). */
function sarifFix(data: ReportData, fix: Fix): object {
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    description: { text: fix.description },
    artifactChanges: files.map((file) => ({
      artifactLocation: { uri: relativeUri(repoPath(data, file)), uriBaseId: SRCROOT },
      replacements: fix.edits
        .filter((e) => e.file === file)
        .map((e) => ({
          deletedRegion: { startLine: e.start.line, startColumn: e.start.column, endLine: e.end.line, endColumn: e.end.column },
          insertedContent: { text: e.text },
        })),
    })),
  };
}

function related(data: ReportData, list: RelatedLocation[]): object[] {
  return list.slice(0, MAX_RELATED_LOCATIONS).map((r, i) => ({
    id: i + 1,
    physicalLocation: physical(data, r.file, r.line, r.column),
    message: { text: r.message },
  }));
}

function codeFlow(data: ReportData, chain: ChainStep[]): object {
  return {
    message: { text: 'How ssot-lint resolved it, step by step' },
    threadFlows: [
      {
        locations: chain.slice(0, MAX_FLOW_LOCATIONS).map((s, i) => ({
          location: { physicalLocation: physical(data, s.file, s.line, s.column), message: { text: s.text } },
          executionOrder: i + 1,
        })),
      },
    ],
  };
}

/** Which findings fit in one run: the ones that count first, by severity; order kept. */
function selectResults(findings: Finding[]): { kept: Finding[]; omitted: number } {
  if (findings.length <= MAX_SARIF_RESULTS) return { kept: findings, omitted: 0 };
  const rank = (f: Finding): number => (f.suppressed ? 3 : f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i);
  const keep = new Set(order.slice(0, MAX_SARIF_RESULTS).map((x) => x.i));
  return { kept: findings.filter((_, i) => keep.has(i)), omitted: findings.length - MAX_SARIF_RESULTS };
}

export const sarifReporter: Reporter = (data) => {
  const ruleIds = [...new Set([...data.rules.map((r) => r.id), ...data.findings.map((f) => f.ruleId)])];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const info = new Map(data.rules.map((r) => [r.id, r]));
  const rules = ruleIds.map((id) => {
    const r = info.get(id);
    const summary = r?.summary ?? id;
    return {
      id,
      name: id
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(''),
      shortDescription: { text: summary },
      fullDescription: { text: r?.description ?? summary },
      helpUri: r?.helpUri ?? ruleHelpUri(id),
      help: { text: `${r?.description ?? summary}${r?.primaryLocation ? `\nReported at: ${r.primaryLocation}.` : ''}\nSee ${r?.helpUri ?? ruleHelpUri(id)}` },
      defaultConfiguration: { level: LEVEL[r?.severity ?? 'warning'] },
      properties: { tags: ['ssot', 'maintainability'], ...(r?.primaryLocation ? { primaryLocation: r.primaryLocation } : {}) },
    };
  });

  const { kept, omitted } = selectResults(data.findings);
  const groupOf = new Map<Finding, Finding[]>();
  for (const g of groupByCause(kept)) for (const f of g) groupOf.set(f, g);
  const sameCause = (f: Finding): RelatedLocation[] =>
    (groupOf.get(f) ?? [])
      .filter((o) => o !== f)
      .map((o) => ({ file: o.file, line: o.line, column: o.column, message: `same cause: ${o.site ?? o.message}` }));
  const results = kept.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physical(data, f.file, f.line, f.column, f.endLine, f.endColumn) }],
    ...(f.related.length > 0 || (groupOf.get(f)?.length ?? 0) > 1 ? { relatedLocations: related(data, [...f.related, ...sameCause(f)]) } : {}),
    partialFingerprints: { 'ssot/v1': f.fingerprint },
    ...(f.fix ? { fixes: [sarifFix(data, f.fix)] } : {}),
    ...(f.chain && f.chain.length > 0 ? { codeFlows: [codeFlow(data, f.chain)] } : {}),
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: f.suppressed.kind === 'baseline' ? 'external' : 'inSource',
              status: 'accepted',
              justification: f.suppressed.justification ?? (f.suppressed.kind === 'baseline' ? 'listed in the ssot-lint baseline' : 'suppressed by an ssot-ignore comment'),
            },
          ],
        }
      : {}),
    ...(f.symbol !== undefined || f.cause !== undefined
      ? {
          properties: {
            ...(f.symbol !== undefined ? { symbol: f.symbol } : {}),
            ...(f.cause !== undefined ? { cause: f.cause, causeSites: groupOf.get(f)?.length ?? 1 } : {}),
            ...(f.causeTitle !== undefined ? { causeTitle: f.causeTitle } : {}),
          },
        }
      : {}),
  }));

  const notifications: object[] = data.errors.map((e) => ({
    level: 'warning',
    message: { text: `${e.file}: ${e.message}` },
    locations: [{ physicalLocation: physical(data, e.file, e.line ?? 1, e.column ?? 1) }],
    descriptor: { id: `file-${e.kind}` },
  }));
  if (omitted > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${omitted} of ${data.findings.length} results left out: GitHub code scanning rejects a run with more than ${MAX_SARIF_RESULTS} results. Kept errors first, then warnings, then notes; suppressed results last. Use the JSON report for all of them.`,
      },
      descriptor: { id: 'results-truncated' },
    });
  }

  const repoRoot = data.repoRoot ?? data.root;
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ssot-lint',
            version: data.toolVersion,
            semanticVersion: data.toolVersion,
            informationUri: TOOL_INFORMATION_URI,
            rules,
          },
        },
        automationDetails: { id: `ssot-lint/${data.pathPrefix ?? ''}` },
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: `file://${repoRoot.startsWith('/') ? '' : '/'}${relativeUri(repoRoot.replace(/\/?$/, '/')).replace(/%3A/g, ':')}`,
            description: { text: 'The repository root: every result path is relative to it.' },
          },
        },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return { output: `${JSON.stringify(log, null, 2)}\n` };
};

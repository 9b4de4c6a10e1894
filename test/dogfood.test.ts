/** ssot-lint on its own src/ and rules/ reports nothing, and can parse all of it. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { assertValidReport } from './helpers/schema.js';

describe('dogfood', () => {
  it('reports nothing on src/ and rules/', async () => {
    const r = await runCli(['src', 'rules', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: unknown[]; errors: unknown[]; summary: { filesScanned: number } };
    assertValidReport(report);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.summary.filesScanned).toBeGreaterThan(20);
    expect(r.code).toBe(0);
  });
});

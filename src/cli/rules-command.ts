/** `ssot-lint rules` (the list) and `ssot-lint explain <rule-id>` (a rule's doc in the terminal). */
import { UsageError } from '../util/errors.js';
import { ALL_RULES } from '../engine/run.js';
import { explainText, findRule } from './rule-docs.js';

export function runRules(opts: { json?: boolean }): void {
  if (opts.json) {
    const list = ALL_RULES.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary, primaryLocation: r.primaryLocation }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const width = Math.max(...ALL_RULES.map((r) => r.id.length));
  const lines = ALL_RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}`);
  process.stdout.write(`${lines.join('\n')}\n\nssot-lint explain <rule-id> prints a rule's documentation.\n`);
}

export function runExplain(id: string): void {
  const rule = findRule(id);
  if (!rule) throw new UsageError(`explain ${id}: no such rule; run \`ssot-lint rules\` for the list`);
  process.stdout.write(explainText(rule));
}

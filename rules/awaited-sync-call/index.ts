import { defineRule, hopsToChain, hopsToRelated, loc, spellingFor, syncVerdict } from '../../src/api/index.js';

export default defineRule({
  id: 'awaited-sync-call',
  severity: 'error',
  summary: 'await on a call whose callee is synchronous',
  primaryLocation: 'the awaited call',
  options: {},
  check(index, _options, report) {
    for (const file of index.files) {
      for (const call of file.calls) {
        if (!call.awaited || call.local) continue;
        const enclosingClass = call.enclosing.includes('.') ? call.enclosing.slice(0, call.enclosing.indexOf('.')) : undefined;
        const target = index.resolveCall(file.path, call.callee, enclosingClass);
        if (!target) continue;
        const verdict = syncVerdict(index, target.file, target.fn);
        if (verdict.verdict !== 'sync') continue;
        const name = target.fn.qualifiedName;
        report({
          file: file.path,
          at: call.at,
          symbol: name,
          key: `${call.callee}\0${call.enclosing}`,
          message: `\`await ${call.callee}()\` ${spellingFor(file.language).awaitSyncEffect}: ${name}() is synchronous (it ${verdict.reason}), and ${spellingFor(file.language).awaitSync(name)}.`,
          cause: {
            id: `${target.file}#${name}`,
            title: `${name}() is synchronous (it ${verdict.reason}), so awaiting it ${spellingFor(file.language).awaitSyncEffect}: ${spellingFor(file.language).awaitSync(name)}`,
            site: `\`await ${call.callee}()\`${call.enclosing ? ` in ${call.enclosing}()` : ''}`,
          },
          related: [
            loc(target.file, target.fn.nameAt, `synchronous definition of ${name}()`),
            ...hopsToRelated(target.chain.filter((h) => h.kind !== 'import')),
          ],
          chain: [
            ...hopsToChain(target.chain),
            { file: target.file, line: target.fn.nameAt.line, column: target.fn.nameAt.column, text: `${name}() ${verdict.reason}` },
          ],
        });
      }
    }
  },
});

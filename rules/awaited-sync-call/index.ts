import { defineRule, hopsToChain, hopsToRelated, loc, syncVerdict } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'awaited-sync-call',
  severity: 'error',
  summary: 'await on a call whose callee is synchronous',
  primaryLocation: 'the awaited call',
  options: {
    // Awaiting a synchronous function in a test is the same bug as anywhere else (in Python a
    // TypeError at run time), so tests are checked unless the project says otherwise.
    includeTests: { type: 'boolean', default: true, description: 'also report awaits in test files' },
  },
  check(index, options, report) {
    for (const file of index.files) {
      if (!options.includeTests && index.isTestFile(file.path)) continue;
      for (const call of file.calls) {
        // `awaitGuarded`: the await is expected to fail (`pytest.raises(TypeError)`) or checked first.
        if (!call.awaited || call.local || call.awaitGuarded) continue;
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
          message: `\`await ${call.callee}()\` ${index.language(file.path).spelling.awaitSyncEffect}: ${name}() is synchronous (it ${verdict.reason}), and ${index.language(file.path).spelling.awaitSync(name)}.`,
          cause: {
            id: `${target.file}#${name}`,
            title: `${name}() is synchronous (it ${verdict.reason}), so awaiting it ${index.language(file.path).spelling.awaitSyncEffect}: ${index.language(file.path).spelling.awaitSync(name)}`,
            site: `\`await ${call.callee}()\`${call.enclosing ? ` in ${call.enclosing}()` : ''}`,
          },
          // Deleting `await ` keeps the operand as written: a call binds tighter than any operator
          // around it (`(await f()).x`, `await f() || g`, `return await f()`), in both languages;
          // `;` where the line before would run into a parenthesised operand (awaitAsi).
          ...(call.awaitAt
            ? {
                fix: {
                  description: `drop the \`await\` before ${call.callee}()`,
                  edits: [{ file: file.path, start: { line: call.awaitAt.line, column: call.awaitAt.column }, end: { line: call.awaitAt.endLine, column: call.awaitAt.endColumn }, text: call.awaitAsi ? ';' : '' }],
                },
              }
            : {}),
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

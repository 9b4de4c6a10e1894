/**
 * The TypeScript/JavaScript frontend: one parse, one walk, plain facts out.
 *
 * Uses the compiler's parser directly (`ts.createSourceFile` through the `ts` that ts-morph bundles, from @ts-morph/common) with
 * no Program and no type checker: wrapping nodes in ts-morph objects or building a checker costs far
 * more than the facts need. Parent pointers are not set; the walk carries its own context.
 *
 * This file runs the walk and hands each node to its fact family in ./extract/: imports.ts
 * (imports, re-exports), exports.ts (top-level declarations and exports), declarations.ts
 * (functions, classes, members, variables), calls.ts (calls, constructions and where they go),
 * keys.ts (keyed operations, key derivations, registries), suppressions.ts; context.ts holds the
 * per-file state they share.
 */
import { ts } from './ts.js';
import type { FileFacts, Language, Span } from '../../model/facts.js';
import { emptyFacts } from '../shared/facts.js';
import { dottedName, SK, unwrap } from './classify.js';
import { isStackOverflow, MAX_TS_DEPTH, NestingTooDeep, tooDeepMessage } from '../nesting.js';
import { bindingNames, collectModuleNames, declKindOf, MODULE_CTX, markFlow, newBuilder, spanBetween, type Ctx, type Extraction } from './extract/context.js';
import { markElidedImports, visitModuleSyntax } from './extract/imports.js';
import { visitTopLevel } from './extract/exports.js';
import { visitClass, visitInnerFunction, visitReturn, visitVariable, walkFunction } from './extract/declarations.js';
import { isFallbackBranch, recordCall, recordNew, visitBinary } from './extract/calls.js';
import { isCreateRegistry, visitDelete, visitElementAccess, visitRegistryCall } from './extract/keys.js';
import { extractSuppressions } from './extract/suppressions.js';

export { TS_EXTENSIONS } from './extensions.js';
export { normaliseKey } from '../shared/key-parts.js';
export { extractSuppressions };

function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (path.endsWith('.js') || path.endsWith('.mjs') || path.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function languageOf(path: string): Language {
  return /\.(c|m)?jsx?$/.test(path) ? 'javascript' : 'typescript';
}

/**
 * Throws NestingTooDeep for a file nested deeper than MAX_TS_DEPTH (or whose parse or walk runs out
 * of stack): see ../nesting.ts.
 */
export function extractTypeScript(path: string, text: string, hash: string): FileFacts {
  let sf: ts.SourceFile;
  try {
    // JSDoc is never read: skipping its parse is a large share of the parse on documented code.
    sf = ts.createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
  } catch (e) {
    // The parser is recursive and has no depth limit of its own; its state is reset by the next parse.
    if (isStackOverflow(e)) throw new NestingTooDeep(tooDeepMessage(undefined, MAX_TS_DEPTH));
    throw e;
  }
  try {
    return extractFrom(sf, path, text, hash);
  } catch (e) {
    if (e instanceof NestingTooDeep || isStackOverflow(e)) throw new NestingTooDeep(tooDeepMessage(treeDepth(sf), MAX_TS_DEPTH));
    throw e;
  }
}

/** The depth of a syntax tree, without recursion (only asked about a file that was too deep). */
export function treeDepth(sf: ts.SourceFile): number {
  let max = 0;
  const nodes: ts.Node[] = [sf];
  const depths: number[] = [0];
  let d = 0;
  const push = (c: ts.Node): void => {
    nodes.push(c);
    depths.push(d + 1);
  };
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    d = depths.pop()!;
    if (d > max) max = d;
    ts.forEachChild(n, push);
  }
  return max;
}

function extractFrom(sf: ts.SourceFile, path: string, text: string, hash: string): FileFacts {
  const facts = emptyFacts(path, languageOf(path), hash);

  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    for (const d of diagnostics.slice(0, 5)) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
      facts.parseErrors.push({ message: ts.flattenDiagnosticMessageText(d.messageText, ' '), line: line + 1, column: character + 1 });
    }
    // Facts from a file that does not parse are partial and would mislead whole-project rules.
    return facts;
  }

  // Children are visited through one shared callback (no closure per node): it reads the context
  // of the innermost visitChildren call, which saves and restores it around nested walks.
  let childCtx: Ctx = MODULE_CTX;
  const visitChild = (c: ts.Node): void => visit(c, childCtx);
  const visitChildren = (node: ts.Node, ctx: Ctx): void => {
    const saved = childCtx;
    childCtx = ctx;
    ts.forEachChild(node, visitChild);
    childCtx = saved;
  };
  // Every recursion of the walk goes through `visit`: its depth is the guard's (see ../nesting.ts).
  let depth = 0;
  const visit = (node: ts.Node, ctx: Ctx): void => {
    if (++depth > MAX_TS_DEPTH) throw new NestingTooDeep();
    visitNode(x, node, ctx);
    depth--;
  };
  const x: Extraction = {
    sf,
    facts,
    moduleNames: new Set(),
    importNames: new Set(),
    classNames: new Set(),
    storedAt: new Map(),
    flowOf: new Map(),
    scopeChain: new Map(),
    visit,
    visitChildren,
  };
  // Top-level names first, so uses inside functions can tell module state from locals.
  collectModuleNames(x);

  const functionBodies = new Map<string, ts.Node>();
  for (const st of sf.statements) {
    if (visitModuleSyntax(x, st) || visitTopLevel(x, st, functionBodies)) continue;
    visit(st, MODULE_CTX);
  }
  markElidedImports(sf, facts);
  facts.suppressions = extractSuppressions(text, sf);
  return facts;
}

/**
 * What deleting an `await` removes (autofix): the keyword and the blanks after it, up to a comment
 * that follows on the same line (kept); across a line break up to the operand, so that `return
 * await⏎ f()` does not become `return⏎ f()`. `awaitAsi`: the await starts its line, its operand a
 * parenthesis, and the line before may continue into it (`x = [1, 2]⏎await (f())` would become a
 * call of the array): the deletion writes `;` instead.
 */
function awaitRemoval(x: Extraction, node: ts.AwaitExpression): { awaitAt: Span; awaitAsi?: true } {
  const text = x.sf.text;
  const start = node.getStart(x.sf);
  const operand = node.expression.getStart(x.sf);
  let end = start + 'await'.length;
  while (end < operand && (text[end] === ' ' || text[end] === '\t')) end++;
  if (end < operand && text[end] !== '/') end = operand;
  else if (end < operand && /[\r\n\u2028\u2029]/.test(text.slice(end, operand))) end = operand;
  let before = start - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  const startsLine = before < 0 || '\n\r\u2028\u2029'.includes(text[before]!);
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  // Only after something that can end an expression (a name, a literal, `)`, `]`, `}`): after `(`,
  // `,`, an operator or `;` the line cannot run on, and a `;` there would not parse.
  const asi = startsLine && text[operand] === '(' && before >= 0 && /[\w$)\]}'"`]/.test(text[before]!);
  return { awaitAt: spanBetween(x, start, end), ...(asi ? { awaitAsi: true as const } : {}) };
}

/** One node of the walk: the fact family it belongs to, then (unless that family walked them) its children. */
function visitNode(x: Extraction, node: ts.Node, ctx: Ctx): void {
  // Type positions (`as T`, type arguments, unions, function types…) hold no runtime calls,
  // constructions or state: not walked.
  if (node.kind >= SK.FirstTypeNode && node.kind <= SK.LastTypeNode) return;
  switch (node.kind) {
    case SK.FunctionDeclaration:
      visitInnerFunction(x, node as ts.FunctionDeclaration, ctx);
      return;
    case SK.ArrowFunction:
    case SK.FunctionExpression:
    case SK.MethodDeclaration:
    case SK.GetAccessor:
    case SK.SetAccessor:
      // Anonymous callbacks and object-literal methods: returns stay theirs, context stays the caller's.
      walkFunction(x, node as ts.FunctionLikeDeclaration, newBuilder(undefined), ctx);
      return;
    case SK.ClassDeclaration:
    case SK.ClassExpression:
      visitClass(x, node as ts.ClassLikeDeclaration, ctx, false);
      return;
    case SK.VariableStatement: {
      const vs = node as ts.VariableStatement;
      const kind = declKindOf(vs.declarationList);
      for (const d of vs.declarationList.declarations) visitVariable(x, d, ctx, false, false, kind);
      return;
    }
    case SK.VariableDeclarationList: {
      // for (const x of …)
      const list = node as ts.VariableDeclarationList;
      for (const d of list.declarations) visitVariable(x, d, ctx, false, false, declKindOf(list));
      return;
    }
    case SK.ReturnStatement:
      visitReturn(x, node as ts.ReturnStatement, ctx);
      return;
    case SK.AwaitExpression: {
      const inner = unwrap((node as ts.AwaitExpression).expression);
      if (ts.isCallExpression(inner)) {
        const recorded = x.facts.calls.length;
        recordCall(x, inner, ctx, true);
        // Where the `await` keyword and the blanks after it are, to delete them (autofix).
        if (x.facts.calls.length > recorded) Object.assign(x.facts.calls[recorded]!, awaitRemoval(x, node as ts.AwaitExpression));
        x.visitChildren(inner, ctx);
        return;
      }
      break;
    }
    case SK.CallExpression: {
      const call = node as ts.CallExpression;
      recordCall(x, call, ctx, false);
      if (isCreateRegistry(dottedName(call.expression) ?? '')) {
        visitRegistryCall(x, call, ctx, '');
        return;
      }
      break;
    }
    case SK.NewExpression:
      recordNew(x, node as ts.NewExpression, ctx);
      break;
    case SK.ThrowStatement:
      markFlow(x, (node as ts.ThrowStatement).expression, 'thrown');
      break;
    case SK.CatchClause: {
      const c = node as ts.CatchClause;
      if (c.variableDeclaration && ctx.fn) for (const n of bindingNames(c.variableDeclaration.name)) ctx.fn.locals.add(n);
      x.visit(c.block, { ...ctx, inCatch: true });
      return;
    }
    case SK.IfStatement: {
      const s = node as ts.IfStatement;
      x.visit(s.expression, ctx);
      x.visit(s.thenStatement, isFallbackBranch(s, ctx) ? { ...ctx, inFallback: true } : ctx);
      if (s.elseStatement) x.visit(s.elseStatement, ctx);
      return;
    }
    case SK.BinaryExpression:
      if (visitBinary(x, node as ts.BinaryExpression, ctx)) return;
      break;
    case SK.DeleteExpression:
      if (visitDelete(x, node as ts.DeleteExpression, ctx)) return;
      break;
    case SK.ElementAccessExpression:
      visitElementAccess(x, node as ts.ElementAccessExpression, ctx);
      break;
    // Type positions never hold runtime calls, constructions or state.
    case SK.InterfaceDeclaration:
    case SK.TypeAliasDeclaration:
    case SK.ImportDeclaration:
      return;
  }
  x.visitChildren(node, ctx);
}

/**
 * The TypeScript compiler API as the TypeScript frontend uses it: `ts.createSourceFile`,
 * `ts.isIdentifier`, `ts.SyntaxKind` as values and `ts.Node`, `ts.Expression`, … as types,
 * exactly like `import { ts } from '@ts-morph/common'`, but loaded by ./load.ts (plain require,
 * V8 code cache; why: see there). Importing this module loads TypeScript.
 */
import type { ts as T } from '@ts-morph/common';
import { loadTypeScript } from './load.js';

export const ts = loadTypeScript() as typeof T;

/**
 * The compiler's types under the same name. A type the frontend starts using is added here
 * (the compiler says so: "Namespace 'ts' has no exported member …").
 */
export declare namespace ts {
  export type AwaitExpression = T.AwaitExpression;
  export type BinaryExpression = T.BinaryExpression;
  export type BindingName = T.BindingName;
  export type Block = T.Block;
  export type CallExpression = T.CallExpression;
  export type CatchClause = T.CatchClause;
  export type ClassLikeDeclaration = T.ClassLikeDeclaration;
  export type CreateSourceFileOptions = T.CreateSourceFileOptions;
  export type DeleteExpression = T.DeleteExpression;
  export type DiagnosticWithLocation = T.DiagnosticWithLocation;
  export type ElementAccessExpression = T.ElementAccessExpression;
  export type EntityName = T.EntityName;
  export type EnumDeclaration = T.EnumDeclaration;
  export type Expression = T.Expression;
  export type ExportDeclaration = T.ExportDeclaration;
  export type ExportSpecifier = T.ExportSpecifier;
  export type ExpressionStatement = T.ExpressionStatement;
  export type FunctionDeclaration = T.FunctionDeclaration;
  export type FunctionLikeDeclaration = T.FunctionLikeDeclaration;
  export type HeritageClause = T.HeritageClause;
  export type Identifier = T.Identifier;
  export type IfStatement = T.IfStatement;
  export type ImportDeclaration = T.ImportDeclaration;
  export type InterfaceDeclaration = T.InterfaceDeclaration;
  export type ModifierLike = T.ModifierLike;
  export type ModuleDeclaration = T.ModuleDeclaration;
  export type NewExpression = T.NewExpression;
  export type Node = T.Node;
  export type NodeArray<N extends T.Node> = T.NodeArray<N>;
  export type ObjectLiteralElementLike = T.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = T.ObjectLiteralExpression;
  export type PropertyAccessExpression = T.PropertyAccessExpression;
  export type PropertyAssignment = T.PropertyAssignment;
  export type PropertyName = T.PropertyName;
  export type ReturnStatement = T.ReturnStatement;
  export type SignatureDeclaration = T.SignatureDeclaration;
  export type Statement = T.Statement;
  export type SourceFile = T.SourceFile;
  export type ThrowStatement = T.ThrowStatement;
  export type TypeNode = T.TypeNode;
  export type VariableDeclaration = T.VariableDeclaration;
  export type VariableDeclarationList = T.VariableDeclarationList;
  export type VariableStatement = T.VariableStatement;
  export type SyntaxKind = T.SyntaxKind;
  export type ScriptKind = T.ScriptKind;
  export type ScriptTarget = T.ScriptTarget;
  export type NodeFlags = T.NodeFlags;
  export type JSDocParsingMode = T.JSDocParsingMode;
}

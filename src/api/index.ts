/** The surface rules (and programmatic users) may import. */
export { defineRule, type Rule, type RuleMeta, type RuleOptions, type OptionSpec } from './rule.js';
export type { ProjectIndex, Resolution, Hop, SymbolRef, ImportEdge, FunctionTarget, ClassTarget } from '../model/project-index.js';
export type * from '../model/facts.js';
export type { Finding, ReportInput, RelatedLocation, ChainStep, Severity, Fix, FixEdit, FixRequest } from '../model/findings.js';
export { managedClasses, type ManagedClass, type FactoryRef } from '../model/analysis/managed.js';
export { syncVerdict, type SyncVerdict } from '../model/analysis/sync.js';
export { perUserReason, isMutableInit, describeInit } from '../model/analysis/state.js';
export { hopsToChain, hopsToRelated, loc, spellingFor, type Spelling } from '../model/analysis/explain.js';
export { managedNewSites, unownedConstructions, type ManagedNewSite, type OwnedClassSite } from '../model/analysis/instantiation.js';
export { preferredFactoryText, factoriesByClass, isFactoryName, isFactoryFunction, isErrorClass, namesProduct } from '../model/analysis/managed.js';
export { importUsage, type ImportUse, type SymbolUsage } from '../model/analysis/usage.js';
export { conceptKey, duplicateFactories, duplicateGroups, similarClasses, type DuplicateFactory, type DuplicateFactoryGroup, type DuplicateGroup } from '../model/analysis/duplicates.js';
export { keyedCollections, expandKey, dataName, resolveOwnCall, type KeyedCollection, type KeyedAccess, type ExpandedKey, type KeyOperand, type KeyVariant, type KeyFunctionRef } from '../model/analysis/keys.js';
export { within } from '../model/analysis/managed.js';
export { factoryStores } from '../model/analysis/stores.js';
export { stronglyConnected, shortestPath, runtimeImportGraph, edgeKey, type RuntimeGraph } from '../model/analysis/cycles.js';
export { nameIndex, divergentMeanings, describeMeaning, canonicalReason, inherits, type NameEntry, type NameBinding, type MeaningGroup, type Meaning } from '../model/analysis/names.js';
export { mayDefineName } from '../model/analysis/imports.js';

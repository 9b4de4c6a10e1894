/** Every rule, sorted by id. Add a rule with `npm run new-rule <id>` (scripts/new-rule.mjs), which adds its line here. */
import type { Rule, RuleOptions } from '../src/api/index.js';
import aliasDivergence from './alias-divergence/index.js';
import awaitedSyncCall from './awaited-sync-call/index.js';
import brokenImport from './broken-import/index.js';
import directInstantiation from './direct-instantiation/index.js';
import divergentImportPath from './divergent-import-path/index.js';
import duplicateImplementation from './duplicate-implementation/index.js';
import factoryFragmentation from './factory-fragmentation/index.js';
import fallbackBypass from './fallback-bypass/index.js';
import importCycle from './import-cycle/index.js';
import redefinition from './redefinition/index.js';
import registryKeyInconsistency from './registry-key-inconsistency/index.js';
import sharedMutableState from './shared-mutable-state/index.js';
import singletonSharing from './singleton-sharing/index.js';

export const RULES: readonly Rule<RuleOptions>[] = [
  aliasDivergence,
  awaitedSyncCall,
  brokenImport,
  directInstantiation,
  divergentImportPath,
  duplicateImplementation,
  factoryFragmentation,
  fallbackBypass,
  importCycle,
  redefinition,
  registryKeyInconsistency,
  sharedMutableState,
  singletonSharing,
] as Rule<RuleOptions>[];

/**
 * How the project's modules are laid out: tsconfig path aliases, workspace packages and per-package
 * TypeScript projects. Plain data, read by src/config (tsconfig.ts, workspaces.ts) and used by the
 * module resolvers of the linker; it lives here, below both, so neither imports the other.
 */
export interface PathAliases {
  /** Root-relative POSIX directory that non-relative specifiers resolve against (`baseUrl`). */
  baseUrl?: string;
  /** `paths` patterns, targets already root-relative POSIX. */
  paths: { pattern: string; targets: string[] }[];
  /** Root-relative `outDir` / `rootDir`: a built file in outDir maps back to its source in rootDir. */
  outDir?: string;
  rootDir?: string;
}

export interface PackageManifest {
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  source?: string;
  /** Names in `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`. */
  dependsOn?: string[];
}

export interface WorkspacePackage {
  /** The package's `name` (undefined: a workspace directory without one). */
  name?: string;
  /** Root-relative POSIX directory ('' = the root). */
  dir: string;
  manifest: PackageManifest;
}

/** A TypeScript project (a workspace package with its own tsconfig.json, or a referenced project). */
export interface TsProject {
  /** Root-relative POSIX directory ('' = the root). */
  dir: string;
  aliases: PathAliases;
}

export interface Workspace {
  /** Workspace packages (the root package too, when it has a name), deepest directory first. */
  packages: WorkspacePackage[];
  /** Projects whose tsconfig applies to the files below them, deepest directory first (not the root's). */
  projects: TsProject[];
}

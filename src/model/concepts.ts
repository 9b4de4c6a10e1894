/** A concept declared in the config: the one class that implements it and how it must be obtained. */
export interface ConceptSpec {
  name: string;
  /** `path/to/file.ts#ClassName`, root-relative. */
  canonical?: string;
  /** `path#function` or a bare function name: the sanctioned ways to obtain an instance. */
  factories?: string[];
  /** Globs (root-relative) where `new` of the canonical class is allowed (`owners` in the config is the same list). */
  allowNewIn?: string[];
  /**
   * A class the project does not declare: a platform global (`"WebSocket"`) or an export of an
   * external module (`"pg#Pool"`). Constructing it outside `allowNewIn`/`owners` is a bypass.
   */
  class?: string;
  /**
   * `process`: one sanctioned instance for the whole process (a module singleton is what the
   * concept wants, never `singleton-sharing`); `user`: one per user (the default meaning).
   */
  scope?: 'process' | 'user';
}

/** A concept declared in the config: the one class that implements it and how it must be obtained. */
export interface ConceptSpec {
  name: string;
  /** `path/to/file.ts#ClassName`, root-relative. */
  canonical?: string;
  /** `path#function` or a bare function name: the sanctioned ways to obtain an instance. */
  factories?: string[];
  /** Globs (root-relative) where `new` of the canonical class is allowed. */
  allowNewIn?: string[];
}

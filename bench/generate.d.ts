/** Types for bench/generate.js (used by the bench and by tests that need a larger project). */
export interface CorpusInfo {
  files: number;
  bytes: number;
  lines: number;
  planted: Record<string, number>;
}
export function generateCorpus(dir: string, total: number, seed?: number): CorpusInfo;
export function rng(seed: number): { next(): number; int(lo: number, hi: number): number; pick<T>(arr: readonly T[]): T; chance(p: number): boolean };

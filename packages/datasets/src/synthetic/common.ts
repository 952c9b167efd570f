/** A generated dataset together with the ground truth it was drawn from. */
export interface Synthetic<D, T> {
  /** The generated dataset, as a loader returns it. */
  readonly data: D;
  /** The parameters and latent values the data were drawn from. */
  readonly truth: T;
}

/** Throw a RangeError unless `v` is an integer ≥ `min`. */
export function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
}

/** Throw a RangeError unless `v` is a finite number > 0 (or ≥ 0 when `allowZero`). */
export function checkPositive(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new RangeError(`${name} must be a finite number ${allowZero ? '≥' : '>'} 0, got ${v}`);
}

/** Names `prefix1..prefixN`. */
export function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, j) => `${prefix}${j + 1}`);
}

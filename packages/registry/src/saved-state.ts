import { cholesky, matrix } from '@latentkit/core';

/** Largest |Σ w − 1| accepted for saved mixture weights: they are float64 from the M-step, so only round-off (≈ K·1e-16) is expected. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/** Largest |A_ij − A_ji| / max(|A_ii|, |A_jj|) accepted for a saved covariance (float64 round-off is ≈ 1e-15). */
export const SYMMETRY_TOLERANCE = 1e-8;

/**
 * Checks for the `state` of a saved model (`toJSON()` output) in its plugin's `load`: each throws an `Error` with one
 * line `<key> model file: <field> <what was expected>` (the CLI prefixes the file).
 */
export interface SavedStateReader {
  /** Throw the one-line error `<key> model file: <what>`. */
  fail(what: string): never;
  /** `len` finite numbers. */
  numbers(v: unknown, len: number, what: string): number[];
  /** One finite number. */
  finite(v: unknown, what: string): number;
  /** `len` numbers that are all > 0 (variances, concentrations, topic-word weights). */
  positive(v: unknown, len: number, what: string): number[];
  /** An r×c matrix as r rows of c finite numbers, returned row-major. */
  matrixRows(v: unknown, r: number, c: number, what: string): number[];
  /** `k` probabilities: each ≥ 0 and summing to 1 within {@link WEIGHT_SUM_TOLERANCE}. */
  probabilities(v: unknown, k: number, what: string): number[];
  /** A row-major d×d matrix that is symmetric (within {@link SYMMETRY_TOLERANCE}) and positive definite (its Cholesky factor exists). */
  spd(a: ArrayLike<number>, d: number, what: string): void;
}

/**
 * The checks of {@link SavedStateReader} for the model `key`.
 * @example
 * ```ts
 * const r = savedStateReader('mixture/gmm');
 * r.probabilities([0.3, 0.7], 2, 'state.weights'); // [0.3, 0.7]
 * r.probabilities([-0.1, 1.1], 2, 'state.weights'); // throws "mixture/gmm model file: state.weights[0] is -0.1; expected a probability >= 0"
 * ```
 */
export function savedStateReader(key: string): SavedStateReader {
  const fail = (what: string): never => {
    throw new Error(`${key} model file: ${what}`);
  };
  const numbers = (v: unknown, len: number, what: string): number[] => {
    if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) fail(`${what} must be ${len} finite numbers`);
    return v as number[];
  };
  const reader: SavedStateReader = {
    fail,
    numbers,
    finite(v, what) {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a finite number`);
      return v as number;
    },
    positive(v, len, what) {
      const xs = numbers(v, len, what);
      const i = xs.findIndex((x) => !(x > 0));
      if (i >= 0) fail(`${what}[${i}] is ${xs[i]}; expected a positive number`);
      return xs;
    },
    matrixRows(v, r, c, what) {
      if (!Array.isArray(v) || v.length !== r) fail(`${what} must have ${r} rows (${r}×${c})`);
      return (v as unknown[]).flatMap((row, i) => numbers(row, c, `${what}[${i}]`));
    },
    probabilities(v, k, what) {
      const w = numbers(v, k, what);
      const i = w.findIndex((x) => x < 0);
      if (i >= 0) fail(`${what}[${i}] is ${w[i]}; expected a probability >= 0`);
      const sum = w.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) fail(`${what} sum to ${Number(sum.toPrecision(12))}; expected 1 (within ${WEIGHT_SUM_TOLERANCE})`);
      return w;
    },
    spd(a, d, what) {
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < i; j++) {
          const scale = Math.max(Math.abs(a[i * d + i]), Math.abs(a[j * d + j]), Number.MIN_VALUE);
          if (Math.abs(a[i * d + j] - a[j * d + i]) > SYMMETRY_TOLERANCE * scale)
            fail(`${what} is not symmetric: [${i}][${j}] is ${a[i * d + j]} but [${j}][${i}] is ${a[j * d + i]}`);
        }
      }
      try {
        cholesky(matrix(d, d, Float64Array.from(a)));
      } catch {
        fail(`${what} is not positive definite`);
      }
    },
  };
  return reader;
}

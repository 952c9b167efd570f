/** Rows used for training and testing a predictor inside a metric. */
export interface RowSplit {
  /** Indices of the training rows, ascending. */
  readonly train: Int32Array;
  /** Indices of the test rows, ascending, all after the training rows. */
  readonly test: Int32Array;
}

const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);

/**
 * The train/test rule shared by DCI, SAP (discrete factors) and block R², in row order, without shuffling:
 * with N ≥ nTrain + nTest rows, rows [0, nTrain) train and [nTrain, nTrain + nTest) test (later rows are unused);
 * otherwise the first ⌊N·nTrain/(nTrain + nTest) + ½⌋ rows (at least 1, at most N − 1) train and the rest test,
 * e.g. the first 2/3 with disentanglement_lib's 10,000/5,000. Rows should be in random order (shuffle sorted data first).
 * @throws Error when N < 2.
 * @example
 * ```ts
 * splitRows(900, 10000, 5000); // train 0..599, test 600..899
 * ```
 */
export function splitRows(n: number, nTrain: number, nTest: number, key = 'metric'): RowSplit {
  if (n < 2) throw new Error(`${key}: needs at least 2 rows to split into train and test rows, got ${n}`);
  if (n >= nTrain + nTest) return { train: range(0, nTrain), test: range(nTrain, nTrain + nTest) };
  const k = Math.min(Math.max(Math.floor((n * nTrain) / (nTrain + nTest) + 0.5), 1), n - 1);
  return { train: range(0, k), test: range(k, n) };
}

/** The first min(N, nTrain) rows, for metrics without a test set (MIG, SAP with continuous factors). */
export function firstRows(n: number, nTrain: number): Int32Array {
  return range(0, Math.min(n, nTrain));
}

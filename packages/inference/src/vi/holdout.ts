import { selectRows, type Dataset, type Rng } from '@latentkit/core';

/**
 * Split the rows into a training part and a held-out part of round(fraction·n) rows (at least 1 and at most
 * n − 1), chosen by a seeded permutation; both parts keep the original row order.
 * @example
 * ```ts
 * const { train, valid } = holdOut(data, 0.1, createRng(0)); // valid: 10% of the rows
 * ```
 */
export function holdOut<D extends Dataset>(data: D, fraction: number, rng: Rng): { train: D; valid: D } {
  if (data.nRows < 2) throw new Error(`inference/vi: validationFraction needs at least 2 rows, got ${data.nRows}`);
  const nValid = Math.min(data.nRows - 1, Math.max(1, Math.round(fraction * data.nRows)));
  const perm = rng.permutation(data.nRows);
  const valid = Array.from(perm.subarray(0, nValid)).sort((a, b) => a - b);
  const train = Array.from(perm.subarray(nValid)).sort((a, b) => a - b);
  return { train: selectRows(data, train), valid: selectRows(data, valid) };
}

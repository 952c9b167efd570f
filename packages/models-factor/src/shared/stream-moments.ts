import type { RowSource } from '@latentkit/core';
import type { Moments } from './column-moments.js';

/**
 * Column means x̄ and the 1/N covariance S of streamed rows, in two passes and float64, without the
 * (1/N) Σ x xᵀ − x̄ x̄ᵀ cancellation (BACKENDS.md §6): the first pass gives m = (1/N) Σ_i x_i, the second the shifted
 * sums δ = (1/N) Σ_i (x_i − m) and C = (1/N) Σ_i (x_i − m)(x_i − m)ᵀ, and then x̄ = m + δ, S = C − δ δᵀ. Since δ is
 * the rounding error of m (of order N u |x̄|), δ δᵀ is negligible and S carries the corrected two-pass algorithm's
 * accuracy (`columnMoments`, Chan, Golub & LeVeque 1983); it differs from the in-memory `columnMoments` only in the
 * order of the sums, by a few units of N u relative to √(S_jj S_kk).
 * @param who Names the model in the error for a non-finite cell.
 */
export async function streamMoments(source: RowSource, who: string): Promise<Moments> {
  const d = source.nCols;
  const sum = new Float64Array(d);
  let n = 0;
  for await (const b of source.blocks()) {
    const v = b.values;
    for (let i = 0; i < b.nRows; i++) {
      for (let j = 0; j < d; j++) {
        const x = v[i * d + j];
        if (x - x !== 0) {
          const where = b.lines ? `${source.source}:${b.lines[i]}` : `${source.source} row ${b.start + i + 1}`;
          throw new Error(`${who}: ${where}, column '${source.columns[j]}' is ${x}; a streamed fit needs finite numbers`);
        }
        sum[j] += x;
      }
    }
    n += b.nRows;
  }
  if (n < 2) throw new Error(`${who} needs at least 2 rows, but ${source.source} has ${n}`);
  const m = sum.map((s) => s / n);
  const delta = new Float64Array(d);
  const c = new Float64Array(d * d);
  const y = new Float64Array(d);
  for await (const b of source.blocks()) {
    const v = b.values;
    for (let i = 0; i < b.nRows; i++) {
      for (let j = 0; j < d; j++) {
        y[j] = v[i * d + j] - m[j];
        delta[j] += y[j];
      }
      for (let a = 0; a < d; a++) {
        const ya = y[a];
        for (let e = a; e < d; e++) c[a * d + e] += ya * y[e];
      }
    }
  }
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    delta[j] /= n;
    mean[j] = m[j] + delta[j];
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let e = a; e < d; e++) {
      const s = c[a * d + e] / n - delta[a] * delta[e];
      cov[a * d + e] = s;
      cov[e * d + a] = s;
    }
  }
  return { n, d, mean, cov };
}

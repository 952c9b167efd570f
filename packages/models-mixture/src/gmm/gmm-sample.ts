import { cholesky, createRng, matrix, type DenseDataset } from '@latentkit/core';
import type { GmmState } from './gmm-state.js';

/**
 * Draw `n` rows from Σ_k π_k N(μ_k, Σ_k): the component of each row from Categorical(π) by inversion of a
 * uniform, then x = μ_k + L_k ε with Σ_k = L_k L_kᵀ and ε ~ N(0, I). Components are returned as `labels`.
 */
export function sampleMixture(
  state: Pick<GmmState, 'k' | 'd' | 'weights' | 'means' | 'covariances'>,
  n: number,
  seed: number,
  columns: readonly string[],
  source: string,
): DenseDataset {
  const { k, d } = state;
  const rng = createRng(seed);
  const values = new Float64Array(n * d);
  const labels: number[] = [];
  const factors = Array.from({ length: k }, (_, c) =>
    cholesky(matrix(d, d, state.covariances.subarray(c * d * d, (c + 1) * d * d)), { name: `covariance of component ${c + 1}` }),
  );
  const eps = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let c = 0;
    while (c < k - 1 && u >= state.weights[c]) u -= state.weights[c++];
    labels.push(c);
    rng.fillNormal(eps);
    const L = factors[c].data;
    for (let r = 0; r < d; r++) {
      let s = state.means[c * d + r];
      for (let t = 0; t <= r; t++) s += L[r * d + t] * eps[t];
      values[i * d + r] = s;
    }
  }
  return { kind: 'dense', nRows: n, nCols: d, values, columns: [...columns], labels, labelName: 'component', source };
}

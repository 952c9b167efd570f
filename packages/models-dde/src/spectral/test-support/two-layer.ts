import { createRng, sigmoid } from '@latentkit/core';
import { ddeTwoLayer, type DdeLikelihood } from '@latentkit/datasets';
import { prepareDdeData, type DdeData } from '../../dde-data.js';
import type { SpectralInit } from '../spectral-init.js';
import { graphAccuracy, latentAccuracy, matchLatents } from './match-to-truth.js';

/** Test support: the §9.2 two-layer design as checked DdeData plus its truth. */
export function twoLayerData(n: number, likelihood: DdeLikelihood, seed: number): { data: DdeData; truth: ReturnType<typeof ddeTwoLayer>['truth'] } {
  const { data, truth } = ddeTwoLayer({ n, likelihood, seed });
  return { data: prepareDdeData(data, { likelihood, likelihoods: null }), truth };
}

/**
 * Test support: a mixed layer 1 — the Normal two-layer design with every even column (0-based) replaced by a
 * Bernoulli draw from σ(η_j) of the same latents.
 */
export function mixedTwoLayerData(n: number, seed: number): { data: DdeData; truth: ReturnType<typeof ddeTwoLayer>['truth'] } {
  const { data, truth } = ddeTwoLayer({ n, likelihood: 'normal', seed });
  const rng = createRng(seed + 1000);
  const J = data.nCols;
  const k1 = truth.b1[0].length - 1;
  const values = Float64Array.from(data.values);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < J; j += 2) {
      let eta = truth.b1[j][0];
      for (let t = 0; t < k1; t++) eta += truth.b1[j][1 + t] * truth.a1[i * k1 + t];
      values[i * J + j] = rng.uniform() < sigmoid(eta) ? 1 : 0;
    }
  const likelihoods = Object.fromEntries(data.columns.flatMap((c, j) => (j % 2 === 0 ? [[c, 'bernoulli' as const]] : [])));
  return { data: prepareDdeData({ ...data, values }, { likelihood: 'normal', likelihoods }), truth };
}

/** Accuracy of Ĝ^(1), Ĝ^(2) and of both together ((Σ matches)/(J·K1 + K1·K2), ALGORITHMS.md §2.8) after matching Â to the truth. */
export function twoLayerAccuracy(init: SpectralInit, truth: ReturnType<typeof ddeTwoLayer>['truth'], n: number) {
  const k1 = truth.g1[0].length;
  const k2 = truth.g2[0].length;
  const p1 = matchLatents(init.latents[0], truth.a1, n, k1);
  const p2 = matchLatents(init.latents[1], truth.a2, n, k2);
  const g1 = graphAccuracy(init.layers[0].graph, truth.g1, null, p1);
  const g2 = graphAccuracy(init.layers[1].graph, truth.g2, p1, p2);
  const e1 = truth.g1.length * k1;
  const e2 = k1 * k2;
  return { g1, g2, both: (g1 * e1 + g2 * e2) / (e1 + e2), a1: latentAccuracy(init.latents[0], truth.a1, n, k1, p1) };
}

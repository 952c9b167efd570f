// Test-only helpers: small DDE states with random sparse coefficients, and the states of `ddeTwoLayer`'s truth.
import { createRng, type DenseDataset } from '@latentkit/core';
import type { DdeTwoLayerTruth } from '@latentkit/datasets';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily, DdeLayer, DdeState } from '../dde-state.js';
import { prepareForState } from './state-data.js';

const layerOf = (coefficients: number[][]): DdeLayer => ({ coefficients, graph: coefficients.map((row) => row.slice(1).map((v) => (v !== 0 ? 1 : 0))) });

/**
 * A state with widths `widths` (bottom-up) over columns of the given families: intercepts in [−1.5, 0.5], each
 * slope non-zero with probability 0.7 and then in ±[0.5, 2.5], top probabilities in [0.2, 0.8], Normal variances in
 * [0.5, 1.5].
 */
export function randomState(widths: readonly number[], families: readonly DdeFamily[], seed: number): DdeState {
  const rng = createRng(seed);
  const row = (parents: number): number[] => [
    -1.5 + 2 * rng.uniform(),
    ...Array.from({ length: parents }, () => (rng.uniform() < 0.7 ? (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + 2 * rng.uniform()) : 0)),
  ];
  const layers = widths.map((k, d) => layerOf(Array.from({ length: d === 0 ? families.length : widths[d - 1] }, () => row(k))));
  const hasNormal = families.includes('normal');
  return {
    layers,
    topProbabilities: Array.from({ length: widths.at(-1)! }, () => 0.2 + 0.6 * rng.uniform()),
    families: [...families],
    ...(hasNormal && { variances: families.map((f) => (f === 'normal' ? 0.5 + rng.uniform() : null)) }),
    columns: families.map((_, j) => `x${j + 1}`),
  };
}

/** The DDE state of `ddeTwoLayer`'s ground truth. */
export function truthState(truth: DdeTwoLayerTruth, columns: readonly string[]): DdeState {
  const families: DdeFamily[] = columns.map(() => truth.likelihood);
  return {
    layers: [layerOf(truth.b1.map((r) => [...r])), layerOf(truth.b2.map((r) => [...r]))],
    topProbabilities: [...truth.p],
    families,
    ...(truth.gamma && { variances: [...truth.gamma] }),
    columns: [...columns],
  };
}

/** `data` prepared with the state's families (column by column). */
export const prepareFor: (state: DdeState, data: DenseDataset) => DdeData = prepareForState;

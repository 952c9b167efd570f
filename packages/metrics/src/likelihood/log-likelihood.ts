import { lgamma } from '@latentkit/core';
import { oneOf, real } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import type { Table } from '../input/metric-input.js';

/** Observation model of `metrics/log-likelihood`. */
export type LikelihoodFamily = 'categorical' | 'poisson' | 'bernoulli' | 'gaussian';

/** Parameters of `metrics/log-likelihood`. */
export interface LogLikelihoodParams {
  /** Observation model ℓ(x | θ) of every cell: `categorical` (default), `poisson`, `bernoulli` or `gaussian`. */
  family: LikelihoodFamily;
  /** Standard deviation of the Gaussian family. */
  sigma: number;
}

/** x·log y with 0·log y = 0 (scipy's `xlogy`). */
const xlogy = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

function requireRange(key: string, t: Table, ok: (v: number) => boolean, what: string): void {
  const q = t.values.findIndex((v) => !ok(v));
  if (q < 0) return;
  throw new Error(`${key}: ${t.name} has ${t.values[q]} at row ${Math.floor(q / t.nCols) + 1}, column '${t.columns[q % t.nCols]}'; expected ${what}`);
}

/** Per-cell log-likelihoods ℓ(x | θ) of `truth` given the parameters in `pred`, checked to be finite. */
export function cellLogLikelihood(key: string, truth: Table, pred: Table, family: LikelihoodFamily, sigma: number): Float64Array {
  const x = truth.values;
  const p = pred.values;
  const out = new Float64Array(x.length);
  const d = truth.nCols;
  if (family === 'categorical' || family === 'poisson') {
    requireRange(key, truth, (v) => v >= 0, 'a non-negative count');
    requireRange(key, pred, (v) => v >= 0, family === 'poisson' ? 'a non-negative rate' : 'a non-negative weight');
  }
  if (family === 'bernoulli') {
    requireRange(key, truth, (v) => v >= 0 && v <= 1, 'a value in [0, 1]');
    requireRange(key, pred, (v) => v >= 0 && v <= 1, 'a probability in [0, 1]');
  }
  for (let i = 0; i < truth.nRows; i++) {
    let rowSum = 0;
    if (family === 'categorical') for (let j = 0; j < d; j++) rowSum += p[i * d + j];
    for (let j = 0; j < d; j++) {
      const q = i * d + j;
      const v = x[q];
      const theta = p[q];
      let ll: number;
      if (family === 'categorical') ll = xlogy(v, theta / rowSum);
      else if (family === 'poisson') ll = xlogy(v, theta) - theta - lgamma(v + 1);
      else if (family === 'bernoulli') ll = xlogy(v, theta) + xlogy(1 - v, 1 - theta);
      else ll = -0.5 * ((v - theta) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
      if (!Number.isFinite(ll)) {
        throw new Error(
          `${key}: ${pred.name} gives probability 0 to row ${i + 1}, column '${truth.columns[j]}' where ${truth.name} is ${v}; the log-likelihood is -Infinity`,
        );
      }
      out[q] = ll;
    }
  }
  return out;
}

const { plugin, fn } = metric({
  id: 'log-likelihood',
  description: 'Held-out mean log-likelihood per row of observed data given predicted parameters (categorical, Poisson, Bernoulli, Gaussian).',
  params: {
    family: oneOf(['categorical', 'poisson', 'bernoulli', 'gaussian'], { description: 'Observation model.' }),
    sigma: real({ exclusiveMin: 0, description: 'Standard deviation (gaussian).' }),
  },
  defaults: { family: 'categorical', sigma: 1 } as LogLikelihoodParams,
  align: 'shape',
  compute(truth, pred, params, key) {
    const cells = cellLogLikelihood(key, truth, pred, params.family, params.sigma);
    const total = cells.reduce((a, b) => a + b, 0);
    return {
      /** (1/N)·Σ_i Σ_j ℓ(x_ij | θ_ij), the mean log-likelihood per row, in nats. */
      value: total / truth.nRows,
      /** The sum and the per-cell mean. */
      parts: {
        /** Σ_i Σ_j ℓ(x_ij | θ_ij) over all rows, in nats. */
        total,
        /** total/(N·J), the mean log-likelihood per cell, in nats. */
        perCell: total / cells.length,
      },
    };
  },
});

/**
 * Held-out mean log-likelihood per row (`metrics/log-likelihood`): (1/N)·Σ_i Σ_j ℓ(x_ij | θ_ij), natural log, with
 * `truth` = the observed N×J data x and `pred` = the model's N×J predicted parameters θ for the same cells:
 * - `categorical` (default; bag-of-words): θ_i· are non-negative weights normalised per row, p_ij = θ_ij/Σ_j θ_ij,
 *   ℓ = x·log p (no multinomial coefficient); then perplexity = exp(−N·value/Σx).
 * - `poisson`: θ = rate λ ≥ 0, ℓ = x log λ − λ − log x!.
 * - `bernoulli`: θ = p ∈ [0, 1], ℓ = x log p + (1 − x) log(1 − p).
 * - `gaussian`: θ = mean μ, ℓ = −½((x − μ)/σ)² − log σ − ½ log 2π with fixed `sigma` (default 1).
 * 0·log 0 = 0; a cell of zero probability with an observed value is an error (the value would be −∞).
 * Parts: `total` (sum over rows), `perCell` (total/(N·J)).
 * @example
 * ```ts
 * heldOutLogLikelihood(testCounts, predictedRates, { family: 'poisson' }).value;
 * ```
 */
export const heldOutLogLikelihood = fn;
/** The `metrics/log-likelihood` plugin; see {@link heldOutLogLikelihood}. */
export const logLikelihoodPlugin = plugin;

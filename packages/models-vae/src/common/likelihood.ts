import {
  bernoulliLogProb,
  lgamma,
  negativeBinomialLogProb,
  negativeBinomialVariate,
  normalLogProb,
  poissonLogProb,
  poissonVariate,
  sigmoid,
  type Rng,
} from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { constantWeight, type WeightValues, type Weights } from '../nn/weights.js';

/** Observation model p(x | z) of a VAE decoder. */
export type LikelihoodKind = 'gaussian' | 'bernoulli' | 'poisson' | 'negative-binomial';

/** Name of the per-feature log standard deviation (Gaussian) in a weights record. */
export const LOG_SCALE = 'lik.logScale';
/** Name of the per-feature log total count log r (negative binomial) in a weights record. */
export const LOG_TOTAL_COUNT = 'lik.logTotalCount';

/**
 * Per-feature likelihood weights: log σ_j for the Gaussian (initialised at log of `scale`, the column standard
 * deviations) and log r_j for the negative binomial (initialised at 0, r = 1).
 */
export function initLikelihoodWeights(kind: LikelihoodKind, d: number, scale: Float64Array): WeightValues {
  if (kind === 'gaussian') return { [LOG_SCALE]: { shape: [d], values: Float32Array.from(scale, (s) => Math.log(s)) } };
  if (kind === 'negative-binomial') return { [LOG_TOTAL_COUNT]: constantWeight([d], 0) };
  return {};
}

/**
 * log p(x_i | decoder output) summed over features, one value per row ([B]).
 *
 * `out` is the decoder's natural output per feature: the mean (Gaussian), the logit (Bernoulli),
 * the log rate (Poisson) or the logit ℓ (negative binomial, success probability σ(ℓ), mean r·e^ℓ).
 * `logNorm` is the per-row data constant −Σ_j log x_ij! for the count likelihoods, precomputed in float64
 * (the count log-probs of core are evaluated without it).
 *
 * - Gaussian: −½ log 2π − log σ_j − ½((x − μ)/σ_j)² (core's `normalLogProb` with log σ_j)
 * - Bernoulli: x·l − log(1 + e^l) (core's `bernoulliLogProb`, stable binary cross-entropy; x ∈ [0, 1])
 * - Poisson: x·η − e^η − log x! (core's `poissonLogProb`)
 * - negative binomial: log Γ(r + x) − log Γ(r) − log x! + r·log σ(−ℓ) + x·log σ(ℓ) (core's `negativeBinomialLogProb`)
 */
export function logLikRows(kind: LikelihoodKind, w: Weights, out: tf.Tensor2D, x: tf.Tensor2D, logNorm: tf.Tensor1D | null): tf.Tensor1D {
  const perFeature = (): tf.Tensor => {
    switch (kind) {
      case 'gaussian':
        return normalLogProb(x, out, w[LOG_SCALE]);
      case 'bernoulli':
        return bernoulliLogProb(x, out);
      case 'poisson':
        return poissonLogProb(x, out, false);
      case 'negative-binomial':
        return negativeBinomialLogProb(x, tf.exp(w[LOG_TOTAL_COUNT]), out, false);
    }
  };
  const ll = tf.sum(perFeature(), 1);
  return (logNorm ? tf.add(ll, logNorm) : ll) as tf.Tensor1D;
}

/** E[x | decoder output]: μ, σ(l), e^η, or r·e^ℓ. */
export function likelihoodMean(kind: LikelihoodKind, w: Weights, out: tf.Tensor2D): tf.Tensor2D {
  switch (kind) {
    case 'gaussian':
      return tf.clone(out);
    case 'bernoulli':
      return tf.sigmoid(out);
    case 'poisson':
      return tf.exp(out);
    case 'negative-binomial':
      return tf.mul(tf.exp(w[LOG_TOTAL_COUNT]), tf.exp(out));
  }
}

/**
 * Draw x ~ p(x | decoder output) in float64 JS from `rng`, given the decoder output values (row-major n × d).
 * Negative binomial draws use its Gamma–Poisson form.
 */
export function sampleLikelihood(kind: LikelihoodKind, out: Float32Array, params: Float32Array | null, n: number, d: number, rng: Rng): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const o = out[i * d + j];
      let v: number;
      if (kind === 'gaussian') v = o + Math.exp(params![j]) * rng.normal();
      else if (kind === 'bernoulli') v = rng.uniform() < sigmoid(o) ? 1 : 0;
      else if (kind === 'poisson') v = poissonVariate(rng, Math.exp(o));
      else v = negativeBinomialVariate(rng, Math.exp(params![j]), o);
      x[i * d + j] = v;
    }
  }
  return x;
}

/** The per-feature parameter vector `sampleLikelihood` needs (log σ or log r), or null. */
export function likelihoodParamName(kind: LikelihoodKind): string | null {
  return kind === 'gaussian' ? LOG_SCALE : kind === 'negative-binomial' ? LOG_TOTAL_COUNT : null;
}

/** Per-row data constant −Σ_j log Γ(x_ij + 1) of the count likelihoods (row-major n × d values). */
export function countLogNormalizer(values: Float64Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (v > 1) s += lgamma(v + 1);
    }
    out[i] = -s;
  }
  return out;
}

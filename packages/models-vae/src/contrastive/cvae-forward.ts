import { normalLogProb } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { encodeGaussian, repeatRows, type GaussianPosterior } from '../common/gaussian-vae-parts.js';
import { klRows } from '../common/latent-kl.js';
import { LOG_TOTAL_COUNT, logLikRows } from '../common/likelihood.js';
import type { Batch } from '../common/vae-data.js';
import { mlp } from '../nn/mlp.js';
import type { Weights } from '../nn/weights.js';
import type { CvaeParams, CvaePrior } from './cvae-params.js';
import { logPriorRows } from './mixture-prior.js';

/** Weight prefixes: the shared encoder, the salient encoder, the decoder and the two mixture priors. */
export const SHARED_ENCODER = 'encz';
export const SALIENT_ENCODER = 'enct';
export const DECODER = 'dec';
export const SHARED_PRIOR = 'prior.z';
export const SALIENT_PRIOR = 'prior.t';

/** Both posteriors of a batch: q(z | x) and q(t | x). */
export interface CvaePosteriors {
  readonly shared: GaussianPosterior;
  readonly salient: GaussianPosterior;
}

/** q(z | x) and q(t | x) from the two encoders (MLPs on the encoder input). */
export function encodeBoth(w: Weights, params: CvaeParams, xEnc: tf.Tensor2D): CvaePosteriors {
  return { shared: encodeGaussian(w, xEnc, params.sharedDim, SHARED_ENCODER), salient: encodeGaussian(w, xEnc, params.salientDim, SALIENT_ENCODER) };
}

/** log(Σ_j x_ij) per row, the observed library size of count rows (a row of zeros counts as 1). */
export function logLibrary(x: tf.Tensor2D): tf.Tensor1D {
  return tf.log(tf.maximum(tf.sum(x, 1), 1)) as tf.Tensor1D;
}

/**
 * The likelihood's natural parameter from the decoder output `out`. Gaussian and Bernoulli: `out` itself. Counts (as
 * contrastiveVI): the decoder gives expression proportions ρ = softmax(out) and the mean is ℓ·ρ with ℓ the library
 * size, so the Poisson log rate is log ρ + log ℓ and the negative binomial's logit is log ρ + log ℓ − log r_j
 * (mean r·e^logit = ℓ·ρ).
 */
export function naturalOutput(kind: CvaeParams['likelihood'], w: Weights, out: tf.Tensor2D, logLib: tf.Tensor1D | number): tf.Tensor2D {
  if (kind === 'gaussian' || kind === 'bernoulli') return out;
  const lib = typeof logLib === 'number' ? logLib : tf.reshape(logLib, [-1, 1]);
  const logMean = tf.add(tf.logSoftmax(out), lib);
  return (kind === 'poisson' ? logMean : tf.sub(logMean, w[LOG_TOTAL_COUNT])) as tf.Tensor2D;
}

/** Decode [z, t ⊙ m] (m the target indicator per row, so background rows decode with t = 0) to the natural parameter. */
export function decodeRows(w: Weights, params: CvaeParams, z: tf.Tensor2D, t: tf.Tensor2D, target: tf.Tensor1D, logLib: tf.Tensor1D | number): tf.Tensor2D {
  const input = tf.concat([z, tf.mul(t, tf.reshape(target, [-1, 1])) as tf.Tensor2D], 1);
  return naturalOutput(params.likelihood, w, mlp(w, DECODER, input), logLib);
}

/**
 * KL(q ‖ p) per row of one block: analytic against N(0, I); against the mixture prior the one-sample Monte Carlo
 * estimate log q(s | x) − log p(s) at the reparameterised sample s (no closed form).
 */
export function blockKl(w: Weights, prefix: string, prior: CvaePrior, post: GaussianPosterior, sample: tf.Tensor2D): tf.Tensor1D {
  if (prior === 'gaussian') return klRows(post.loc, post.logScale);
  return tf.sub(tf.sum(normalLogProb(sample, post.loc, post.logScale), 1), logPriorRows(w, prefix, sample, prior)) as tf.Tensor1D;
}

/** Per-row pieces of the contrastive ELBO for `particles` samples per row (particle-major rows). */
export interface CvaeRows {
  readonly posteriors: CvaePosteriors;
  /** The samples z and t ([particles·B, ·]). */
  readonly z: tf.Tensor2D;
  readonly t: tf.Tensor2D;
  /** The target indicator m per sampled row. */
  readonly target: tf.Tensor1D;
  /** log p(x | z, m·t). */
  readonly logLik: tf.Tensor1D;
  readonly klShared: tf.Tensor1D;
  /** KL of the salient block; multiply by m (background rows have none). */
  readonly klSalient: tf.Tensor1D;
}

/**
 * The contrastive ELBO's pieces for a batch: encoders, samples z = μ_z + σ_z·ε and t = μ_t + σ_t·ε from `draw`
 * (reparameterised), the decoder on [z, m·t], the log-likelihood and both KLs. Per row,
 * ELBO = log p(x | z, m·t) − KL_z − m·KL_t.
 */
export function cvaeRows(
  w: Weights,
  params: CvaeParams,
  batch: Batch,
  particles: number,
  draw: (loc: tf.Tensor2D, logScale: tf.Tensor2D) => tf.Tensor2D,
): CvaeRows {
  if (!batch.target) throw new Error('contrastive/cvae: the rows have no groups');
  const posteriors = encodeBoth(w, params, batch.xEnc);
  const rep = (p: GaussianPosterior): GaussianPosterior => ({ loc: repeatRows(p.loc, particles), logScale: repeatRows(p.logScale, particles) });
  const shared = rep(posteriors.shared);
  const salient = rep(posteriors.salient);
  const z = draw(shared.loc, shared.logScale);
  const t = draw(salient.loc, salient.logScale);
  const target = repeatRows(tf.tensor1d(batch.target), particles);
  const x = repeatRows(batch.x, particles);
  const counts = params.likelihood === 'poisson' || params.likelihood === 'negative-binomial';
  const out = decodeRows(w, params, z, t, target, counts ? logLibrary(x) : 0);
  return {
    posteriors,
    z,
    t,
    target,
    logLik: logLikRows(params.likelihood, w, out, x, batch.logNorm && repeatRows(batch.logNorm, particles)),
    klShared: blockKl(w, SHARED_PRIOR, params.prior, shared, z),
    klSalient: blockKl(w, SALIENT_PRIOR, params.prior, salient, t),
  };
}

/** ELBO per sampled row: log p(x | z, m·t) − KL_z − m·KL_t. */
export function elboOfRows(r: CvaeRows): tf.Tensor1D {
  return tf.sub(tf.sub(r.logLik, r.klShared), tf.mul(r.target, r.klSalient)) as tf.Tensor1D;
}

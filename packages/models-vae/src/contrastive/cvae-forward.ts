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

/**
 * Weight prefixes: the shared encoder, the salient encoder (with `salientBlocks: 'per-group'` one per target group,
 * `enct1..enctG`, see {@link salientEncoder}), the decoder and the two mixture priors.
 */
export const SHARED_ENCODER = 'encz';
export const SALIENT_ENCODER = 'enct';
export const DECODER = 'dec';
export const SHARED_PRIOR = 'prior.z';
export const SALIENT_PRIOR = 'prior.t';

/** Prefix of the salient encoder of block g (1-based) of `blocks`: `enct` for a single block, else `enct<g>`. */
export function salientEncoder(g: number, blocks: number): string {
  return blocks === 1 ? SALIENT_ENCODER : `${SALIENT_ENCODER}${g}`;
}

/** Both posteriors of a batch: q(z | x) and q(t | x) (with G salient blocks, [t_1, …, t_G], G·salientDim columns). */
export interface CvaePosteriors {
  readonly shared: GaussianPosterior;
  readonly salient: GaussianPosterior;
}

/** q(z | x) and q(t_1..t_G | x) from the encoders (MLPs on the encoder input), G = `blocks`. */
export function encodeBoth(w: Weights, params: CvaeParams, xEnc: tf.Tensor2D, blocks = 1): CvaePosteriors {
  const parts = Array.from({ length: blocks }, (_, g) => encodeGaussian(w, xEnc, params.salientDim, salientEncoder(g + 1, blocks)));
  const salient =
    blocks === 1
      ? parts[0]
      : {
          loc: tf.concat(
            parts.map((p) => p.loc),
            1,
          ) as tf.Tensor2D,
          logScale: tf.concat(
            parts.map((p) => p.logScale),
            1,
          ) as tf.Tensor2D,
        };
  return { shared: encodeGaussian(w, xEnc, params.sharedDim, SHARED_ENCODER), salient };
}

/**
 * Each row's own salient block as a one-hot [rows, G] from the group codes (0 background: no block; g: block g;
 * with one block every target row has block 1).
 */
export function ownBlocks(codes: Float32Array, blocks: number): tf.Tensor2D {
  const out = new Float32Array(codes.length * blocks);
  codes.forEach((c, i) => c > 0 && (out[i * blocks + Math.min(c, blocks) - 1] = 1));
  return tf.tensor2d(out, [codes.length, blocks]);
}

/** t ⊙ M: every salient block but the row's own set to 0 ([rows, G·s] → [rows, G·s]; `own` from {@link ownBlocks}). */
export function maskBlocks(t: tf.Tensor2D, own: tf.Tensor2D): tf.Tensor2D {
  const [rows, blocks] = own.shape;
  return tf.reshape(tf.mul(tf.reshape(t, [rows, blocks, -1]), tf.reshape(own, [rows, blocks, 1])), [rows, -1]) as tf.Tensor2D;
}

/** A sample of each row's own block placed in its block, every other block 0 ([rows, s] → [rows, G·s]). */
export function spreadOwn(tOwn: tf.Tensor2D, own: tf.Tensor2D): tf.Tensor2D {
  const [rows, blocks] = own.shape;
  return tf.reshape(tf.mul(tf.reshape(tOwn, [rows, 1, -1]), tf.reshape(own, [rows, blocks, 1])), [rows, -1]) as tf.Tensor2D;
}

/** The row's own salient block Σ_g own_g·t_g ([rows, G·s] → [rows, s]; 0 for background rows). */
export function ownBlock(t: tf.Tensor2D, own: tf.Tensor2D): tf.Tensor2D {
  const [rows, blocks] = own.shape;
  return tf.sum(tf.mul(tf.reshape(t, [rows, blocks, -1]), tf.reshape(own, [rows, blocks, 1])), 1) as tf.Tensor2D;
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

/**
 * Decode [z, t_1·m_1, …, t_G·m_G] (m_g = 1 on rows of target group g only, so background rows decode with every t_g
 * = 0; one block: t·m with m the target indicator) to the natural parameter. `own` from {@link ownBlocks}.
 */
export function decodeRows(w: Weights, params: CvaeParams, z: tf.Tensor2D, t: tf.Tensor2D, own: tf.Tensor2D, logLib: tf.Tensor1D | number): tf.Tensor2D {
  const input = tf.concat([z, maskBlocks(t, own)], 1);
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
  /** Each sampled row's own salient block, one-hot [particles·B, G] ({@link ownBlocks}). */
  readonly own: tf.Tensor2D;
  /** log p(x | z, m·t). */
  readonly logLik: tf.Tensor1D;
  readonly klShared: tf.Tensor1D;
  /** KL of the row's own salient block t_g only; multiply by m (background rows have none). */
  readonly klSalient: tf.Tensor1D;
}

/**
 * The contrastive ELBO's pieces for a batch with `blocks` salient blocks: encoders, samples z = μ_z + σ_z·ε and
 * t = μ_t + σ_t·ε from `draw` (reparameterised), the decoder on [z, m_1·t_1, …, m_G·t_G], the log-likelihood and both
 * KLs (the salient KL of the row's own block only). Per row, ELBO = log p(x | z, m·t) − KL_z − m·KL_{t_g}.
 */
export function cvaeRows(
  w: Weights,
  params: CvaeParams,
  batch: Batch,
  particles: number,
  draw: (loc: tf.Tensor2D, logScale: tf.Tensor2D) => tf.Tensor2D,
  blocks = 1,
): CvaeRows {
  if (!batch.target) throw new Error('contrastive/cvae: the rows have no groups');
  const posteriors = encodeBoth(w, params, batch.xEnc, blocks);
  const rep = (p: GaussianPosterior): GaussianPosterior => ({ loc: repeatRows(p.loc, particles), logScale: repeatRows(p.logScale, particles) });
  const shared = rep(posteriors.shared);
  const salient = rep(posteriors.salient);
  const z = draw(shared.loc, shared.logScale);
  const t = draw(salient.loc, salient.logScale);
  const own = repeatRows(ownBlocks(batch.target, blocks), particles);
  const target = tf.sum(own, 1) as tf.Tensor1D;
  const x = repeatRows(batch.x, particles);
  const counts = params.likelihood === 'poisson' || params.likelihood === 'negative-binomial';
  const out = decodeRows(w, params, z, t, own, counts ? logLibrary(x) : 0);
  const ownPosterior = { loc: ownBlock(salient.loc, own), logScale: ownBlock(salient.logScale, own) };
  return {
    posteriors,
    z,
    t,
    target,
    own,
    logLik: logLikRows(params.likelihood, w, out, x, batch.logNorm && repeatRows(batch.logNorm, particles)),
    klShared: blockKl(w, SHARED_PRIOR, params.prior, shared, z),
    klSalient: blockKl(w, SALIENT_PRIOR, params.prior, ownPosterior, ownBlock(t, own)),
  };
}

/** ELBO per sampled row: log p(x | z, m·t) − KL_z − m·KL_t. */
export function elboOfRows(r: CvaeRows): tf.Tensor1D {
  return tf.sub(tf.sub(r.logLik, r.klShared), tf.mul(r.target, r.klSalient)) as tf.Tensor1D;
}

import { normalRsample } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { WeightValues } from '../nn/weights.js';
import { encodeGaussian, gaussianSampler, initGaussianEncoder, latentLogRatio, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { klRows } from '../common/latent-kl.js';
import { initLikelihoodWeights, LOG_SCALE, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily, type VaeState } from '../common/vae-family.js';
import { MASK, initSparseDecoder, sparseDecode } from './sparse-decoder.js';
import type { SparseVaeParams } from './sparse-vae-params.js';
import { maskView, sparseVaeReport } from './sparse-vae-report.js';
import { noisePriorScale, sslEStep, sslMStep, sslPenaltyWeights, type SslSettings } from './ssl-prior.js';

/** The spike-and-slab settings of a parameter set for G features. */
export function sslSettings(params: SparseVaeParams, g: number): SslSettings {
  return {
    spikePenalty: params.spikePenalty,
    slabPenalty: params.slabPenalty,
    a: params.inclusionPriorA,
    b: params.inclusionPriorB ?? g,
    normalizer: params.sslNormalizer,
  };
}

/** Expected spike-and-slab log prior of W up to constants: −Σ_jk (λ1·p*_jk + λ0·(1 − p*_jk))·|w_jk|. */
function maskLogPrior(state: VaeState, params: SparseVaeParams): tf.Scalar {
  const mask = state.weights[MASK];
  const [g, k] = mask.shape;
  const penalty = tf.tensor2d(sslPenaltyWeights(state.extra.inclusion as Float64Array, sslSettings(params, g)), [g, k]);
  return tf.neg(tf.sum(tf.mul(penalty, tf.abs(mask)))) as tf.Scalar;
}

/** Inverse-gamma log prior of the noise variances, σ_j² ~ IG(ν/2, νξ/2), up to constants: −Σ_j [(ν + 2)·log σ_j + νξ/(2σ_j²)]. */
function noiseLogPrior(state: VaeState, params: SparseVaeParams): tf.Scalar {
  if (params.likelihood !== 'gaussian') return tf.scalar(0);
  const nu = params.noisePriorDf;
  const xi = state.extra.noisePriorScale as number;
  const logScale = state.weights[LOG_SCALE];
  return tf.neg(tf.add(tf.mul(tf.sum(logScale), nu + 2), tf.mul(tf.sum(tf.exp(tf.mul(logScale, -2))), 0.5 * nu * xi))) as tf.Scalar;
}

/**
 * The reference code's per-row reconstruction term (to maximise) from the Gaussian log-likelihood ll:
 * −(1/G)·½ Σ_j ((x_j − x̂_j)/σ_j)² − Σ_j log σ_j, i.e. PyTorch's MSELoss mean over features plus the likelihood's
 * log σ part of its σ loss. Other likelihoods keep the per-row sum, as there.
 */
function referenceReconstruction(ll: tf.Tensor1D, state: VaeState, params: SparseVaeParams, g: number): tf.Tensor1D {
  if (params.likelihood !== 'gaussian') return ll;
  const sumLogScale = tf.sum(state.weights[LOG_SCALE]);
  const halfQuad = tf.neg(tf.add(ll, tf.add(sumLogScale, g * HALF_LOG_2PI)));
  return tf.sub(tf.div(halfQuad, -g), sumLogScale) as tf.Tensor1D;
}

/**
 * Gaussian log prior of the decoder network, θ ~ N(0, τ), up to constants: −Σ θ²/(2τ) over the weight matrices of the
 * shared generator and the per-feature heads (biases are not penalised). It ties the scale of W to the generator's:
 * without it, W → W/c with the generator's first (bias-free, ReLU) layer scaled by c leaves the likelihood unchanged
 * and lets the SSL prior shrink every w_jk.
 */
export function networkLogPrior(state: VaeState, params: SparseVaeParams): tf.Scalar {
  const tau = params.networkPriorVariance;
  if (tau === null) return tf.scalar(0);
  const weights = Object.entries(state.weights)
    .filter(([name]) => /^gen\.w\d+$/.test(name) || name === 'head.w')
    .map(([, v]) => tf.sum(tf.square(v)));
  return tf.mul(tf.addN(weights), -0.5 / tau) as tf.Scalar;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The Sparse VAE (Moran, Sridhar, Wang & Blei 2022): x_ij ~ p(x | f_θ(w_j ⊙ z_i)_j) with a shared generator f_θ, a
 * per-feature mask w_j ∈ R^K with a spike-and-slab lasso prior, and z_i ~ N(0, I). The MAP–VI objective per row is
 * E_q[log p(x_i | z_i, W)] − KL(q(z_i | x_i) ‖ N(0, I)) + (1/N)·(E_Γ[log p(W | Γ)] + log p(σ²)) (or the reference code's
 * weighting, `objectiveScaling`); after each gradient step the inclusion probabilities p* (E-step) and the rates η (M-step) are updated in closed form.
 */
export function sparseVaeFamily(): VaeFamily<SparseVaeParams> {
  const key = 'vae/sparse-vae';
  const decodeRows = (state: VaeState, z: tf.Tensor2D) => sparseDecode(state.weights, z);
  return {
    key,
    title: 'Sparse VAE',
    init(params, info, rng) {
      const w: WeightValues = {};
      initGaussianEncoder(w, rng, info.d, params.hiddenUnits, params.latentDim);
      initSparseDecoder(w, rng, info.d, params.latentDim, [...params.hiddenUnits].reverse(), outputBias(params.likelihood, info));
      Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
      const eta = new Float64Array(params.latentDim);
      for (let k = 0; k < eta.length; k++) eta[k] = rng.uniform();
      return {
        weights: w,
        extra: { inclusion: new Float64Array(info.d * params.latentDim).fill(0.5), eta, noisePriorScale: noisePriorScale(info.sd) },
      };
    },
    loss(state, params, batch, ctx, nTrain) {
      const w = state.weights;
      const { loc, logScale } = encodeGaussian(w, batch.xEnc, params.latentDim);
      const particles = particlesOf(ctx);
      const sample = gaussianSampler(ctx.estimator, key)(repeatRows(loc, particles), repeatRows(logScale, particles), ctx);
      const out = decodeRows(state, sample.z as tf.Tensor2D);
      const ll = logLikRows(params.likelihood, w, out, repeatRows(batch.x, particles), batch.logNorm && repeatRows(batch.logNorm, particles));
      const kl = tf.mean(klRows(loc, logScale));
      const elbo = tf.sub(tf.mean(ll), kl) as tf.Scalar;
      const logPrior = tf.addN([maskLogPrior(state, params), noiseLogPrior(state, params), networkLogPrior(state, params)]);
      if (params.objectiveScaling === 'reference-code') {
        const recon = tf.mean(sample.surrogate(referenceReconstruction(ll, state, params, batch.x.shape[1])));
        const loss = tf.sub(tf.mul(kl, ctx.klWeight / params.latentDim), tf.add(recon, tf.div(logPrior, batch.size)));
        return { loss: loss as tf.Scalar, elbo };
      }
      const perRow = tf.sub(tf.mul(kl, ctx.klWeight), tf.mean(sample.surrogate(ll)));
      return { loss: tf.sub(perRow, tf.div(logPrior, nTrain)) as tf.Scalar, elbo };
    },
    afterStep(state, params) {
      const mask = state.weights[MASK];
      const [g, k] = mask.shape;
      const s = sslSettings(params, g);
      const inclusion = sslEStep(mask.dataSync() as Float32Array, state.extra.eta as Float64Array, g, k, s);
      return { ...state, extra: { ...state.extra, inclusion, eta: sslMStep(inclusion, g, k, s) } };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const { loc, logScale } = encodeGaussian(w, batch.xEnc, params.latentDim);
      const out = decodeRows(state, normalRsample(loc, logScale, rng) as tf.Tensor2D);
      return tf.sub(logLikRows(params.likelihood, w, out, batch.x, batch.logNorm), klRows(loc, logScale)) as tf.Tensor1D;
    },
    logWeights(state, params, batch, rng, samples) {
      const w = state.weights;
      const post = encodeGaussian(w, batch.xEnc, params.latentDim);
      const loc = repeatRows(post.loc, samples);
      const logScale = repeatRows(post.logScale, samples);
      const z = normalRsample(loc, logScale, rng) as tf.Tensor2D;
      const ll = logLikRows(params.likelihood, w, decodeRows(state, z), repeatRows(batch.x, samples), batch.logNorm && repeatRows(batch.logNorm, samples));
      return tf.reshape(tf.add(ll, latentLogRatio(z, loc, logScale)), [samples, batch.size]) as tf.Tensor2D;
    },
    encode: (state, params, batch) => encodeGaussian(state.weights, batch.xEnc, params.latentDim).loc,
    latentColumns: (params) => latentNames('z', params.latentDim),
    reconstruct: (state, params, batch) => decodeRows(state, encodeGaussian(state.weights, batch.xEnc, params.latentDim).loc),
    decode: (state, _params, z) => decodeRows(state, z),
    generate: (state, params, n, rng) => decodeRows(state, tf.randomNormal([n, params.latentDim], 0, 1, 'float32', rng.tfSeed())),
    chunkRows: (params, d) => (1 << 22) / (d * Math.max(...params.hiddenUnits)),
    report: (state, params, info) => sparseVaeReport(state, params, info.columns),
    views: (state, _params, columns) => [maskView(state, columns)],
  };
}

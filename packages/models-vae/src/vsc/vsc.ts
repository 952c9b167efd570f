import { real, type ParamSpecs } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { defineVaeModel } from '../common/define-vae.js';
import { sampleNormal } from '../common/gaussian.js';
import { gaussianSampler, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily } from '../common/vae-family.js';
import { commonDefaults, commonParamSpecs, type VaeCommonParams } from '../common/vae-params.js';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';

/** Hyperparameters of `vae/vsc`. */
export interface VscParams extends VaeCommonParams {
  /** α, prior probability that a latent dimension is active (the slab). */
  priorSlabProbability: number;
  /** c, sharpness of the relaxed spike mask σ(c·(u − 1 + γ)). */
  maskSharpness: number;
}

const specs: ParamSpecs<VscParams> = {
  ...commonParamSpecs(['estimators/reparam']),
  priorSlabProbability: real({ exclusiveMin: 0, exclusiveMax: 1, description: 'alpha: prior probability that a latent dimension is active.' }),
  maskSharpness: real({ exclusiveMin: 0, description: 'c: sharpness of the relaxed spike mask sigmoid(c (u - 1 + gamma)).' }),
};

const EPS = 1e-6;

interface SpikeSlabPosterior {
  readonly loc: tf.Tensor2D;
  readonly logScale: tf.Tensor2D;
  /** γ, posterior probability of the slab per dimension, in [ε, 1 − ε]. */
  readonly slab: tf.Tensor2D;
}

function encode(w: Weights, xEnc: tf.Tensor2D, k: number): SpikeSlabPosterior {
  const h = mlp(w, 'enc', xEnc, { inputGrad: false });
  const rows = h.shape[0];
  return {
    loc: tf.slice(h, [0, 0], [rows, k]),
    logScale: tf.slice(h, [0, k], [rows, k]),
    slab: tf.clipByValue(tf.sigmoid(tf.slice(h, [0, 2 * k], [rows, k])), EPS, 1 - EPS) as tf.Tensor2D,
  };
}

/**
 * KL(q ‖ p) per row for the spike-and-slab posterior and prior of Tonolini et al. (2020, eq. 7):
 * Σ_k [γ_k·½(μ_k² + σ_k² − 1 − log σ_k²) + γ_k log(γ_k/α) + (1 − γ_k) log((1 − γ_k)/(1 − α))].
 */
export function spikeSlabKl(q: SpikeSlabPosterior, alpha: number): tf.Tensor1D {
  const { loc, logScale, slab } = q;
  const gaussian = tf.mul(tf.sub(tf.add(tf.square(loc), tf.exp(tf.mul(logScale, 2))), tf.add(tf.mul(logScale, 2), 1)), 0.5);
  const bernoulli = tf.add(tf.mul(slab, tf.log(tf.div(slab, alpha))), tf.mul(tf.sub(1, slab), tf.log(tf.div(tf.sub(1, slab), 1 - alpha))));
  return tf.sum(tf.add(tf.mul(slab, gaussian), bernoulli), 1) as tf.Tensor1D;
}

function vscFamily(): VaeFamily<VscParams> {
  const key = 'vae/vsc';
  return {
    key,
    title: 'Variational sparse coding',
    init(params, info, rng) {
      const w: WeightValues = {};
      initMlp(w, 'enc', [info.d, ...params.hiddenUnits, 3 * params.latentDim], rng);
      initMlp(w, 'dec', [params.latentDim, ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: outputBias(params.likelihood, info) });
      Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
      return { weights: w };
    },
    loss(state, params, batch, ctx) {
      if (!ctx.estimator.pathwise) throw new Error(`${key} needs a pathwise estimator for its relaxed spike mask; use estimators/reparam`);
      const w = state.weights;
      const q = encode(w, batch.xEnc, params.latentDim);
      const particles = particlesOf(ctx);
      const slab = gaussianSampler(ctx.estimator, key)(repeatRows(q.loc, particles), repeatRows(q.logScale, particles), ctx);
      const gamma = repeatRows(q.slab, particles);
      const u = tf.randomUniform(gamma.shape, 0, 1, 'float32', ctx.rng.tfSeed());
      const mask = tf.sigmoid(tf.mul(tf.add(tf.sub(u, 1), gamma), params.maskSharpness));
      const z = tf.mul(slab.z, mask) as tf.Tensor2D;
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z), repeatRows(batch.x, particles), batch.logNorm && repeatRows(batch.logNorm, particles));
      const kl = tf.mean(spikeSlabKl(q, params.priorSlabProbability));
      return { loss: tf.sub(tf.mul(kl, ctx.klWeight), tf.mean(slab.surrogate(ll))) as tf.Scalar, elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const q = encode(w, batch.xEnc, params.latentDim);
      const active = tf.cast(tf.less(tf.randomUniform(q.slab.shape, 0, 1, 'float32', rng.tfSeed()), q.slab), 'float32');
      const z = tf.mul(sampleNormal(q.loc, q.logScale, rng), active) as tf.Tensor2D;
      return tf.sub(logLikRows(params.likelihood, w, mlp(w, 'dec', z), batch.x, batch.logNorm), spikeSlabKl(q, params.priorSlabProbability)) as tf.Tensor1D;
    },
    encode(state, params, batch) {
      const q = encode(state.weights, batch.xEnc, params.latentDim);
      return tf.mul(q.loc, q.slab) as tf.Tensor2D;
    },
    latentColumns: (params) => latentNames('z', params.latentDim),
    reconstruct(state, params, batch) {
      const q = encode(state.weights, batch.xEnc, params.latentDim);
      return mlp(state.weights, 'dec', tf.mul(q.loc, q.slab) as tf.Tensor2D);
    },
    decode: (state, _params, z) => mlp(state.weights, 'dec', z),
    generate(state, params, n, rng) {
      const shape = [n, params.latentDim];
      const active = tf.cast(tf.less(tf.randomUniform(shape, 0, 1, 'float32', rng.tfSeed()), params.priorSlabProbability), 'float32');
      return mlp(state.weights, 'dec', tf.mul(tf.randomNormal(shape, 0, 1, 'float32', rng.tfSeed()), active) as tf.Tensor2D);
    },
  };
}

/**
 * Variational sparse coding (`vae/vsc`; Tonolini, Jensen & Murray-Smith 2020): a VAE with a spike-and-slab latent.
 * Prior p(z) = Π_k [α·N(z_k; 0, 1) + (1 − α)·δ₀(z_k)] with α = `priorSlabProbability`; posterior
 * q(z | x) = Π_k [γ_k·N(z_k; μ_k, σ_k²) + (1 − γ_k)·δ₀(z_k)] with μ, σ, γ from the encoder. Training draws
 * z = (μ + σ ⊙ ε) ⊙ σ(c·(u − 1 + γ)), u ~ U(0, 1), a relaxed spike mask with sharpness c = `maskSharpness`, and
 * maximises E_q[log p(x | z)] − β·KL(q ‖ p) with the KL of the paper's eq. 7 (so it needs a pathwise estimator).
 * `score` uses hard masks (Bernoulli(γ)); `transform` gives the posterior means γ ⊙ μ. This version uses the
 * fixed spike-and-slab prior; the paper's learned pseudo-input prior is not implemented, and no IWAE bound is offered.
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/vsc', { latentDim: 20, priorSlabProbability: 0.2 }).fit(data, { seed: 0 });
 * ```
 * References: F. Tonolini, B. S. Jensen and R. Murray-Smith, "Variational sparse coding", UAI 2020.
 */
export const vsc = defineVaeModel<VscParams>({
  family: vscFamily(),
  description: 'Variational sparse coding: VAE with a spike-and-slab latent prior',
  params: specs,
  defaults: { ...commonDefaults, priorSlabProbability: 0.2, maskSharpness: 10 },
});

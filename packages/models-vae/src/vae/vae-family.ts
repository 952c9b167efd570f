import { normalRsample } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues } from '../nn/weights.js';
import { encodeGaussian, gaussianSampler, initGaussianEncoder, latentLogRatio, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { klRows } from '../common/latent-kl.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily } from '../common/vae-family.js';
import type { VaeCommonParams } from '../common/vae-params.js';

/**
 * The Gaussian-latent VAE of Kingma & Welling (2014): p(z) = N(0, I), p(x | z) from an MLP decoder
 * (`dec`, hidden layers mirroring `hiddenUnits`), q(z | x) = N(μ_φ(x), diag σ_φ²(x)) from an MLP encoder (`enc`).
 * Per row the loss is −E_q[log p(x | z)] + w·KL(q ‖ p), w the engine's KL weight (β times the warm-up factor);
 * the reported ELBO uses w = 1. With several particles the expectation is averaged over them.
 */
export function gaussianVaeFamily(key: string, title: string): VaeFamily<VaeCommonParams> {
  return {
    key,
    title,
    init(params, info, rng) {
      const w: WeightValues = {};
      initGaussianEncoder(w, rng, info.d, params.hiddenUnits, params.latentDim);
      initMlp(w, 'dec', [params.latentDim, ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: outputBias(params.likelihood, info) });
      Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
      return { weights: w };
    },
    loss(state, params, batch, ctx) {
      const w = state.weights;
      const { loc, logScale } = encodeGaussian(w, batch.xEnc, params.latentDim);
      const particles = particlesOf(ctx);
      const sample = gaussianSampler(ctx.estimator, key)(repeatRows(loc, particles), repeatRows(logScale, particles), ctx);
      const out = mlp(w, 'dec', sample.z as tf.Tensor2D);
      const ll = logLikRows(params.likelihood, w, out, repeatRows(batch.x, particles), batch.logNorm && repeatRows(batch.logNorm, particles));
      const kl = tf.mean(klRows(loc, logScale));
      return {
        loss: tf.sub(tf.mul(kl, ctx.klWeight), tf.mean(sample.surrogate(ll))) as tf.Scalar,
        elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar,
      };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const { loc, logScale } = encodeGaussian(w, batch.xEnc, params.latentDim);
      const out = mlp(w, 'dec', normalRsample(loc, logScale, rng) as tf.Tensor2D);
      return tf.sub(logLikRows(params.likelihood, w, out, batch.x, batch.logNorm), klRows(loc, logScale)) as tf.Tensor1D;
    },
    logWeights(state, params, batch, rng, samples) {
      const w = state.weights;
      const post = encodeGaussian(w, batch.xEnc, params.latentDim);
      const loc = repeatRows(post.loc, samples);
      const logScale = repeatRows(post.logScale, samples);
      const z = normalRsample(loc, logScale, rng) as tf.Tensor2D;
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z), repeatRows(batch.x, samples), batch.logNorm && repeatRows(batch.logNorm, samples));
      return tf.reshape(tf.add(ll, latentLogRatio(z, loc, logScale)), [samples, batch.size]) as tf.Tensor2D;
    },
    encode: (state, params, batch) => encodeGaussian(state.weights, batch.xEnc, params.latentDim).loc,
    latentColumns: (params) => latentNames('z', params.latentDim),
    reconstruct: (state, params, batch) => mlp(state.weights, 'dec', encodeGaussian(state.weights, batch.xEnc, params.latentDim).loc),
    decode: (state, _params, z) => mlp(state.weights, 'dec', z),
    generate: (state, params, n, rng) => mlp(state.weights, 'dec', tf.randomNormal([n, params.latentDim], 0, 1, 'float32', rng.tfSeed())),
  };
}

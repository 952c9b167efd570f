import { normalLogProb, normalRsample, type Rng } from '@latentkit/core';
import { int, type ParamSpecs } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { defineVaeModel } from '../common/define-vae.js';
import { type GaussianPosterior, gaussianSampler, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { klRows } from '../common/latent-kl.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily } from '../common/vae-family.js';
import type { Batch } from '../common/vae-data.js';
import { commonDefaults, commonParamSpecs, GAUSSIAN_ESTIMATORS, type VaeCommonParams } from '../common/vae-params.js';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';

/** Hyperparameters of `vae/hierarchical-vae`; `latentDim` is the size of the bottom layer z₁. */
export interface HierarchicalVaeParams extends VaeCommonParams {
  /** Size of the top layer z₂ (0: half of latentDim, rounded up). */
  topLatentDim: number;
}

const specs: ParamSpecs<HierarchicalVaeParams> = {
  ...commonParamSpecs(GAUSSIAN_ESTIMATORS),
  topLatentDim: int({ min: 0, description: 'Size of the top latent layer z2 (0: half of latentDim, rounded up).' }),
};

const topDim = (p: HierarchicalVaeParams) => (p.topLatentDim > 0 ? p.topLatentDim : Math.ceil(p.latentDim / 2));

function split(h: tf.Tensor2D, k: number): GaussianPosterior {
  const rows = h.shape[0];
  return { loc: tf.slice(h, [0, 0], [rows, k]), logScale: tf.slice(h, [0, k], [rows, k]) };
}

/** log √(1 / (e^(−2a) + e^(−2b))), the log standard deviation of a precision-weighted combination. */
function combinedLogScale(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const pa = tf.mul(a, -2);
  const pb = tf.mul(b, -2);
  const m = tf.maximum(pa, pb);
  return tf.mul(tf.add(m, tf.log(tf.add(tf.exp(tf.sub(pa, m)), tf.exp(tf.sub(pb, m))))), -0.5) as tf.Tensor2D;
}

/** Bottom-up pass: the deterministic features, q(z₂ | x), and the bottom-up estimate (μ̂₁, σ̂₁) for z₁. */
function bottomUp(w: Weights, xEnc: tf.Tensor2D, p: HierarchicalVaeParams) {
  const d1 = mlp(w, 'enc', xEnc, { inputGrad: false, activateLast: true });
  const d2 = mlp(w, 'enc2', d1, { activateLast: true });
  return { up1: split(mlp(w, 'head1', d1), p.latentDim), q2: split(mlp(w, 'head2', d2), topDim(p)) };
}

/** p(z₁ | z₂) = N(μ_p(z₂), σ_p(z₂)²) from the top-down network. */
const prior1 = (w: Weights, z2: tf.Tensor2D, p: HierarchicalVaeParams) => split(mlp(w, 'prior1', z2), p.latentDim);

/** Top-down posterior q(z₁ | z₂, x): precision-weighted combination of the bottom-up estimate and p(z₁ | z₂). */
function posterior1(up1: GaussianPosterior, p1: GaussianPosterior): GaussianPosterior {
  const logScale = combinedLogScale(up1.logScale, p1.logScale);
  const precUp = tf.exp(tf.mul(up1.logScale, -2));
  const precP = tf.exp(tf.mul(p1.logScale, -2));
  const loc = tf.mul(tf.add(tf.mul(up1.loc, precUp), tf.mul(p1.loc, precP)), tf.exp(tf.mul(logScale, 2))) as tf.Tensor2D;
  return { loc, logScale };
}

/** One draw through both layers with `rng` (evaluation): z₂, q(z₁ | z₂, x), p(z₁ | z₂) and z₁. */
function drawBoth(w: Weights, batch: Batch, p: HierarchicalVaeParams, rng: Rng, repeat = 1) {
  const { up1, q2 } = bottomUp(w, batch.xEnc, p);
  const q2r = { loc: repeatRows(q2.loc, repeat), logScale: repeatRows(q2.logScale, repeat) };
  const z2 = normalRsample(q2r.loc, q2r.logScale, rng) as tf.Tensor2D;
  const p1 = prior1(w, z2, p);
  const q1 = posterior1({ loc: repeatRows(up1.loc, repeat), logScale: repeatRows(up1.logScale, repeat) }, p1);
  return { q2: q2r, z2, p1, q1, z1: normalRsample(q1.loc, q1.logScale, rng) as tf.Tensor2D };
}

function hierarchicalVaeFamily(): VaeFamily<HierarchicalVaeParams> {
  const key = 'vae/hierarchical-vae';
  return {
    key,
    title: 'Hierarchical (ladder) VAE',
    init(params, info, rng) {
      const h = params.hiddenUnits[params.hiddenUnits.length - 1];
      const l1 = params.latentDim;
      const l2 = topDim(params);
      const w: WeightValues = {};
      initMlp(w, 'enc', [info.d, ...params.hiddenUnits], rng);
      initMlp(w, 'enc2', [h, h], rng);
      initMlp(w, 'head1', [h, 2 * l1], rng);
      initMlp(w, 'head2', [h, 2 * l2], rng);
      initMlp(w, 'prior1', [l2, h, 2 * l1], rng);
      initMlp(w, 'dec', [l1, ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: outputBias(params.likelihood, info) });
      Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
      return { weights: w };
    },
    loss(state, params, batch, ctx) {
      const w = state.weights;
      const sampler = gaussianSampler(ctx.estimator, key);
      const particles = particlesOf(ctx);
      const { up1, q2 } = bottomUp(w, batch.xEnc, params);
      const s2 = sampler(repeatRows(q2.loc, particles), repeatRows(q2.logScale, particles), ctx);
      const p1 = prior1(w, s2.z as tf.Tensor2D, params);
      const q1 = posterior1({ loc: repeatRows(up1.loc, particles), logScale: repeatRows(up1.logScale, particles) }, p1);
      const s1 = sampler(q1.loc, q1.logScale, ctx);
      const ll = logLikRows(
        params.likelihood,
        w,
        mlp(w, 'dec', s1.z as tf.Tensor2D),
        repeatRows(batch.x, particles),
        batch.logNorm && repeatRows(batch.logNorm, particles),
      );
      const kl1 = klRows(q1.loc, q1.logScale, p1.loc, p1.logScale);
      const kl2 = tf.mean(klRows(q2.loc, q2.logScale));
      const f = tf.sub(ll, tf.mul(kl1, ctx.klWeight)) as tf.Tensor1D;
      return {
        loss: tf.sub(tf.mul(kl2, ctx.klWeight), tf.mean(s1.surrogate(s2.surrogate(f)))) as tf.Scalar,
        elbo: tf.sub(tf.mean(tf.sub(ll, kl1)), kl2) as tf.Scalar,
      };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const { q2, p1, q1, z1 } = drawBoth(w, batch, params, rng);
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z1), batch.x, batch.logNorm);
      return tf.sub(tf.sub(ll, klRows(q1.loc, q1.logScale, p1.loc, p1.logScale)), klRows(q2.loc, q2.logScale)) as tf.Tensor1D;
    },
    logWeights(state, params, batch, rng, samples) {
      const w = state.weights;
      const { q2, z2, p1, q1, z1 } = drawBoth(w, batch, params, rng, samples);
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z1), repeatRows(batch.x, samples), batch.logNorm && repeatRows(batch.logNorm, samples));
      const latent = tf.sum(
        tf.concat(
          [
            tf.sub(normalLogProb(z1, p1.loc, p1.logScale), normalLogProb(z1, q1.loc, q1.logScale)),
            tf.sub(normalLogProb(z2, 0, 0), normalLogProb(z2, q2.loc, q2.logScale)),
          ],
          1,
        ),
        1,
      );
      return tf.reshape(tf.add(ll, latent), [samples, batch.size]) as tf.Tensor2D;
    },
    encode(state, params, batch) {
      const { up1, q2 } = bottomUp(state.weights, batch.xEnc, params);
      return tf.concat([posterior1(up1, prior1(state.weights, q2.loc, params)).loc, q2.loc], 1);
    },
    latentColumns: (p) => [...latentNames('z1_', p.latentDim), ...latentNames('z2_', topDim(p))],
    reconstruct(state, params, batch) {
      const { up1, q2 } = bottomUp(state.weights, batch.xEnc, params);
      return mlp(state.weights, 'dec', posterior1(up1, prior1(state.weights, q2.loc, params)).loc);
    },
    decode: (state, _params, z) => mlp(state.weights, 'dec', z),
    generate(state, params, n, rng) {
      const z2 = tf.randomNormal([n, topDim(params)], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
      const p1 = prior1(state.weights, z2, params);
      return mlp(state.weights, 'dec', normalRsample(p1.loc, p1.logScale, rng) as tf.Tensor2D);
    },
  };
}

/**
 * Hierarchical VAE with two stochastic layers and top-down inference (`vae/hierarchical-vae`; the ladder VAE of
 * Sønderby et al. 2016). Generative model: z₂ ~ N(0, I), z₁ | z₂ ~ N(μ_p(z₂), diag σ_p(z₂)²), x | z₁ ~ p(x | f_θ(z₁)).
 * Inference: a bottom-up pass gives deterministic features d₁ = MLP(x), d₂ = MLP(d₁), q(z₂ | x) = N(μ̂₂(d₂), σ̂₂(d₂)²)
 * and an estimate (μ̂₁(d₁), σ̂₁(d₁)); the top-down pass samples z₂ and combines the estimate with the generative prior
 * by precision weighting: q(z₁ | z₂, x) = N(μ₁, σ₁²) with σ₁⁻² = σ̂₁⁻² + σ_p⁻², μ₁ = σ₁²·(μ̂₁σ̂₁⁻² + μ_p σ_p⁻²), so that
 * q(z₁, z₂ | x) = q(z₂ | x)·q(z₁ | z₂, x). ELBO per row: E_q[log p(x | z₁)] − KL(q(z₂ | x) ‖ p(z₂))
 * − E_{q(z₂|x)}[KL(q(z₁ | z₂, x) ‖ p(z₁ | z₂))], both KLs analytic given the z₂ draw.
 * `transform` gives the posterior means of z₁ (at z₂ = its posterior mean) and of z₂.
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/hierarchical-vae', { latentDim: 8, topLatentDim: 4 }).fit(data, { seed: 0 });
 * ```
 * References: C. K. Sønderby, T. Raiko, L. Maaløe, S. K. Sønderby and O. Winther, "Ladder variational autoencoders", NeurIPS 2016.
 */
export const hierarchicalVae = defineVaeModel<HierarchicalVaeParams>({
  family: hierarchicalVaeFamily(),
  description: 'Hierarchical VAE with two stochastic layers and top-down (ladder) inference',
  params: specs,
  defaults: { ...commonDefaults, topLatentDim: 0 },
});

import { Bernoulli, Normal, normalRsample, type Rng } from '@latentkit/core';
import { int, real, type ParamSpecs } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { defineVaeModel } from '../common/define-vae.js';
import { gaussianSampler, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily, type VaeState } from '../common/vae-family.js';
import { commonDefaults, commonParamSpecs, type VaeCommonParams } from '../common/vae-params.js';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';
import { initPseudoInputs, PSEUDO_INPUTS, pseudoInputBatch } from './pseudo-inputs.js';
import { aggregateSlabKl, mixtureLogDensity, pseudoInputKl, spikeSlabKl, spikeSlabLogDensity, type SpikeSlab } from './spike-slab.js';

/** Hyperparameters of `vae/vsc`. */
export interface VscParams extends VaeCommonParams {
  /**
   * α: with `pseudoInputs` = 0 the prior probability that a latent dimension is active (the slab); with pseudo-inputs
   * the target of the learned prior's mean slab probability.
   */
  priorSlabProbability: number;
  /** c, sharpness of the relaxed spike mask σ(c·(u − 1 + γ)). */
  maskSharpness: number;
  /** J, learned pseudo-inputs of the prior (0: the fixed prior α·N(0, 1) + (1 − α)·δ₀ per dimension). */
  pseudoInputs: number;
}

const specs: ParamSpecs<VscParams> = {
  ...commonParamSpecs(['estimators/reparam']),
  priorSlabProbability: real({
    exclusiveMin: 0,
    exclusiveMax: 1,
    description: 'alpha: prior probability that a latent dimension is active (with pseudo-inputs: the target mean of the learned prior).',
  }),
  maskSharpness: real({ exclusiveMin: 0, description: 'c: sharpness of the relaxed spike mask sigmoid(c (u - 1 + gamma)).' }),
  pseudoInputs: int({ min: 0, description: 'J: learned pseudo-inputs whose posteriors form the prior (0: fixed spike-and-slab prior).' }),
};

const EPS = 1e-6;

function encode(w: Weights, xEnc: tf.Tensor2D, k: number, inputGrad = false): SpikeSlab {
  const h = mlp(w, 'enc', xEnc, { inputGrad });
  const rows = h.shape[0];
  return {
    loc: tf.slice(h, [0, 0], [rows, k]),
    logScale: tf.slice(h, [0, k], [rows, k]),
    slab: tf.clipByValue(tf.sigmoid(tf.slice(h, [0, 2 * k], [rows, k])), EPS, 1 - EPS) as tf.Tensor2D,
  };
}

/** The prior's components: the recognition model at the J pseudo-inputs ([J, K] each). */
const priorComponents = (w: Weights, p: VscParams) => encode(w, pseudoInputBatch(w, p.likelihood), p.latentDim, true);

/** KL(q ‖ prior) per row: exact for the fixed prior, the mixture bound of `pseudoInputKl` with pseudo-inputs. */
function priorKl(w: Weights, p: VscParams, q: SpikeSlab): { kl: tf.Tensor1D; components: SpikeSlab | null } {
  if (p.pseudoInputs === 0) return { kl: spikeSlabKl(q, p.priorSlabProbability), components: null };
  const components = priorComponents(w, p);
  return { kl: pseudoInputKl(q, components), components };
}

/** Hard draws z = (μ + σ·ε)·b, b ~ Bernoulli(γ), from `rng`, with the slab indicators b. */
function drawSpikeSlab(d: SpikeSlab, rng: Rng): { z: tf.Tensor2D; active: tf.Tensor2D } {
  const active = new Bernoulli({ probs: d.slab }).sample(rng) as tf.Tensor2D;
  return { z: tf.mul(normalRsample(d.loc, d.logScale, rng) as tf.Tensor2D, active) as tf.Tensor2D, active };
}

const sampleSpikeSlab = (d: SpikeSlab, rng: Rng): tf.Tensor2D => drawSpikeSlab(d, rng).z;

function generateLatents(state: VaeState, p: VscParams, n: number, rng: Rng): tf.Tensor2D {
  const shape: [number, number] = [n, p.latentDim];
  if (p.pseudoInputs === 0) {
    const active = new Bernoulli({ probs: p.priorSlabProbability }).sample(rng, shape);
    return tf.mul(new Normal(0, 1).sample(rng, shape), active) as tf.Tensor2D;
  }
  const c = priorComponents(state.weights, p);
  const pick = tf.tensor1d(
    Int32Array.from({ length: n }, () => rng.int(p.pseudoInputs)),
    'int32',
  );
  const chosen: SpikeSlab = { loc: tf.gather(c.loc, pick), logScale: tf.gather(c.logScale, pick), slab: tf.gather(c.slab, pick) };
  return sampleSpikeSlab(chosen, rng);
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
      if (params.pseudoInputs > 0) w[PSEUDO_INPUTS] = initPseudoInputs(params.likelihood, info, params.pseudoInputs, rng);
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
      const { kl: klRows, components } = priorKl(w, params, q);
      const kl = tf.mean(klRows);
      const penalty = components ? tf.add(kl, aggregateSlabKl(components.slab, params.priorSlabProbability)) : kl;
      return { loss: tf.sub(tf.mul(penalty, ctx.klWeight), tf.mean(slab.surrogate(ll))) as tf.Scalar, elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const q = encode(w, batch.xEnc, params.latentDim);
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', sampleSpikeSlab(q, rng)), batch.x, batch.logNorm);
      return tf.sub(ll, priorKl(w, params, q).kl) as tf.Tensor1D;
    },
    logWeights(state, params, batch, rng, samples) {
      const w = state.weights;
      const post = encode(w, batch.xEnc, params.latentDim);
      const q: SpikeSlab = { loc: repeatRows(post.loc, samples), logScale: repeatRows(post.logScale, samples), slab: repeatRows(post.slab, samples) };
      const { z, active } = drawSpikeSlab(q, rng);
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z), repeatRows(batch.x, samples), batch.logNorm && repeatRows(batch.logNorm, samples));
      const logPrior =
        params.pseudoInputs === 0
          ? spikeSlabLogDensity(z, active, { loc: 0, logScale: 0, slab: params.priorSlabProbability })
          : mixtureLogDensity(z, active, priorComponents(w, params));
      return tf.reshape(tf.add(ll, tf.sub(logPrior, spikeSlabLogDensity(z, active, q))), [samples, batch.size]) as tf.Tensor2D;
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
    generate: (state, params, n, rng) => mlp(state.weights, 'dec', generateLatents(state, params, n, rng)),
    report(state, params) {
      if (params.pseudoInputs === 0) return {};
      const t = tf.tidy(() => tf.mean(priorComponents(state.weights, params).slab));
      const mean = t.dataSync()[0];
      t.dispose();
      return { summary: { priorMeanSlabProbability: Number(mean.toPrecision(6)) } };
    },
  };
}

/**
 * Variational sparse coding (`vae/vsc`; Tonolini, Jensen & Murray-Smith 2020): a VAE with a spike-and-slab latent.
 *
 * Posterior q(z | x) = Π_k [γ_k·N(z_k; μ_k, σ_k²) + (1 − γ_k)·δ₀(z_k)] with μ, σ, γ from the encoder. Training draws
 * z = (μ + σ ⊙ ε) ⊙ σ(c·(u − 1 + γ)), u ~ U(0, 1), a relaxed spike mask with sharpness c = `maskSharpness` (so it
 * needs a pathwise estimator), and minimises −E_q[log p(x | z)] + β·(KL term + sparsity term).
 *
 * Prior, with J = `pseudoInputs` > 0 (default 10, the value of the authors' code and of the Sparse VAE comparison):
 * the uniform mixture p(z) = (1/J)·Σ_j q(z | u_j) of the recognition model at J learned pseudo-inputs u_j (stored in
 * the encoder's input space, through a sigmoid for Bernoulli data and a softplus for counts), whose slab
 * probabilities are learned too. The KL to the mixture has no closed form; like the paper's pseudo-input selector,
 * the KL term is the closed-form bound −log((1/J)·Σ_j exp(−KL(q ‖ q(· | u_j)))) (see `pseudoInputKl`), whose
 * implied selector weights are the optimal ones, so the reported ELBO is a true lower bound. The sparsity term
 * K·KL(Bernoulli(γ̄) ‖ Bernoulli(α)) pulls the prior's mean slab probability γ̄ towards α = `priorSlabProbability`
 * (the paper's aggregate sparsity term; not part of the ELBO, it is left out of `score`). The authors' code uses a
 * learned selector network instead of the optimal weights, and its slab probabilities of the prior are learned,
 * not fixed at α.
 *
 * With `pseudoInputs` = 0: the fixed prior p(z) = Π_k [α·N(z_k; 0, 1) + (1 − α)·δ₀(z_k)] and the exact KL of the
 * paper's eq. 7 (see `spikeSlabKl`), no sparsity term.
 *
 * `score` is the ELBO with hard masks (Bernoulli(γ)) and the analytic KL (or its bound); `transform` gives the
 * posterior means γ ⊙ μ; `sample` draws a pseudo-input uniformly, then z from its component. With `iwaeSamples` > 0,
 * `scores` adds the importance-weighted bound with hard draws z ~ q and the exact prior density (the mixture's
 * log-sum-exp over pseudo-inputs), densities taken with respect to Lebesgue measure plus a point mass at 0.
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/vsc', { latentDim: 20, priorSlabProbability: 0.2, pseudoInputs: 10 }).fit(data, { seed: 0 });
 * ```
 * References: F. Tonolini, B. S. Jensen and R. Murray-Smith, "Variational sparse coding", UAI 2020;
 * J. M. Tomczak and M. Welling, "VAE with a VampPrior", AISTATS 2018;
 * J. R. Hershey and P. A. Olsen, "Approximating the Kullback Leibler divergence between Gaussian mixture models", ICASSP 2007.
 */
export const vsc = defineVaeModel<VscParams>({
  family: vscFamily(),
  description: 'Variational sparse coding: VAE with a spike-and-slab latent and a learned pseudo-input prior',
  params: specs,
  defaults: { ...commonDefaults, priorSlabProbability: 0.2, maskSharpness: 10, pseudoInputs: 10 },
});

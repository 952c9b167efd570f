import { int, oneOf, type ParamSpecs } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { defineVaeModel } from '../common/define-vae.js';
import { outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily } from '../common/vae-family.js';
import { commonDefaults, commonParamSpecs, DISCRETE_ESTIMATORS, type VaeCommonParams } from '../common/vae-params.js';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';
import { codeLogProb, flattenCodes, sampleCodes, samplePriorCodes, uniformPriorKl, type CodeType } from './discrete-codes.js';

/** Hyperparameters of `vae/discrete-vae`. */
export interface DiscreteVaeParams extends VaeCommonParams {
  /** `bernoulli`: latentDim independent bits; `categorical`: latentDim variables with `categories` classes each. */
  codeType: CodeType;
  /** Classes per categorical code variable (ignored for bits). */
  categories: number;
}

const specs: ParamSpecs<DiscreteVaeParams> = {
  ...commonParamSpecs(DISCRETE_ESTIMATORS),
  codeType: oneOf(['bernoulli', 'categorical'], { description: 'Bits, or categorical variables with `categories` classes.' }),
  categories: int({ min: 2, description: 'Classes per categorical code variable.' }),
};

const width = (p: DiscreteVaeParams) => (p.codeType === 'bernoulli' ? p.latentDim : p.latentDim * p.categories);

function encodeLogits(w: Weights, xEnc: tf.Tensor2D, p: DiscreteVaeParams): tf.Tensor {
  const h = mlp(w, 'enc', xEnc, { inputGrad: false });
  return p.codeType === 'bernoulli' ? h : tf.reshape(h, [h.shape[0], p.latentDim, p.categories]);
}

/** Posterior probabilities of the codes, flattened ([rows, L] or [rows, L·C]). */
const posteriorMean = (logits: tf.Tensor, p: DiscreteVaeParams) => flattenCodes(p.codeType === 'bernoulli' ? tf.sigmoid(logits) : tf.softmax(logits, -1));

function discreteVaeFamily(): VaeFamily<DiscreteVaeParams> {
  const key = 'vae/discrete-vae';
  return {
    key,
    title: 'Discrete-latent VAE',
    latents: (p) => [p.codeType],
    init(params, info, rng) {
      const w: WeightValues = {};
      initMlp(w, 'enc', [info.d, ...params.hiddenUnits, width(params)], rng);
      initMlp(w, 'dec', [width(params), ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: outputBias(params.likelihood, info) });
      Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
      return { weights: w };
    },
    loss(state, params, batch, ctx) {
      const w = state.weights;
      const logits = encodeLogits(w, batch.xEnc, params);
      const particles = particlesOf(ctx);
      const sampler = params.codeType === 'bernoulli' ? ctx.estimator.bernoulli : ctx.estimator.categorical;
      if (!sampler)
        throw new Error(`${key} has ${params.codeType} codes, which ${ctx.estimator.key} cannot sample; use one of ${DISCRETE_ESTIMATORS.join(', ')}`);
      const sample = sampler.call(ctx.estimator, repeatRows(logits, particles), ctx);
      const ll = logLikRows(
        params.likelihood,
        w,
        mlp(w, 'dec', flattenCodes(sample.z)),
        repeatRows(batch.x, particles),
        batch.logNorm && repeatRows(batch.logNorm, particles),
      );
      const kl = tf.mean(uniformPriorKl(logits, params.codeType));
      return { loss: tf.sub(tf.mul(kl, ctx.klWeight), tf.mean(sample.surrogate(ll))) as tf.Scalar, elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar };
    },
    elboRows(state, params, batch, rng) {
      const w = state.weights;
      const logits = encodeLogits(w, batch.xEnc, params);
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', flattenCodes(sampleCodes(logits, params.codeType, rng))), batch.x, batch.logNorm);
      return tf.sub(ll, uniformPriorKl(logits, params.codeType)) as tf.Tensor1D;
    },
    logWeights(state, params, batch, rng, samples) {
      const w = state.weights;
      const logits = repeatRows(encodeLogits(w, batch.xEnc, params), samples);
      const z = sampleCodes(logits, params.codeType, rng);
      const ll = logLikRows(
        params.likelihood,
        w,
        mlp(w, 'dec', flattenCodes(z)),
        repeatRows(batch.x, samples),
        batch.logNorm && repeatRows(batch.logNorm, samples),
      );
      const logPrior = -params.latentDim * (params.codeType === 'bernoulli' ? Math.LN2 : Math.log(params.categories));
      return tf.reshape(tf.sub(tf.add(ll, logPrior), codeLogProb(z, logits, params.codeType)), [samples, batch.size]) as tf.Tensor2D;
    },
    encode: (state, params, batch) => posteriorMean(encodeLogits(state.weights, batch.xEnc, params), params),
    latentColumns: (p) =>
      p.codeType === 'bernoulli'
        ? latentNames('z', p.latentDim)
        : latentNames('z', p.latentDim).flatMap((z) => Array.from({ length: p.categories }, (_, c) => `${z}=${c + 1}`)),
    reconstruct: (state, params, batch) => mlp(state.weights, 'dec', posteriorMean(encodeLogits(state.weights, batch.xEnc, params), params)),
    decodeWidth: width,
    decode: (state, _params, z) => mlp(state.weights, 'dec', z),
    generate: (state, params, n, rng) =>
      mlp(state.weights, 'dec', flattenCodes(samplePriorCodes(n, params.latentDim, params.categories, params.codeType, rng))),
  };
}

/**
 * VAE with discrete latent codes (`vae/discrete-vae`): z_i ∈ {0, 1}^L with a uniform prior (`codeType: 'bernoulli'`)
 * or L categorical variables with C = `categories` classes and a uniform prior (`'categorical'`, one-hot codes);
 * q(z | x) factorises over the code variables with logits from an MLP encoder, and the decoder maps the (possibly
 * relaxed) codes to the likelihood's parameters. Per row the loss is −E_q[log p(x | z)] + β·KL(q(z | x) ‖ p(z)) with
 * the analytic KL to the uniform prior; E_q is estimated by the `estimator` (Gumbel-softmax / Concrete relaxation,
 * straight-through, or the score function, with or without the leave-one-out baseline; the engine anneals the
 * temperature). `score` uses hard codes; `transform` gives the posterior probabilities (L columns for bits, L·C
 * columns `z<k>=<c>` for categoricals).
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/discrete-vae', { codeType: 'categorical', latentDim: 4, categories: 10, likelihood: 'bernoulli' }).fit(data, { seed: 0 });
 * ```
 * References: E. Jang, S. Gu and B. Poole, "Categorical reparameterization with Gumbel-softmax", ICLR 2017;
 * C. J. Maddison, A. Mnih and Y. W. Teh, "The Concrete distribution", ICLR 2017; J. T. Rolfe, "Discrete variational autoencoders", ICLR 2017.
 */
export const discreteVae = defineVaeModel<DiscreteVaeParams>({
  family: discreteVaeFamily(),
  description: 'VAE with Bernoulli or categorical latent codes (Gumbel-softmax, straight-through or score-function gradients)',
  params: specs,
  defaults: { ...commonDefaults, latentDim: 8, codeType: 'bernoulli', categories: 10, estimator: 'estimators/gumbel-softmax' },
});

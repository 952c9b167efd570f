import { int, intList, oneOf, real, registryKey, type ParamSpec, type ParamSpecs } from '@latentkit/registry';
import type { LikelihoodKind } from './likelihood.js';

/**
 * Hyperparameters every model of this package shares, whatever the shape of its latent space (the names are relied
 * on by the CLI and docs): the networks' widths, the likelihood and the training settings.
 */
export interface VaeTrainingParams {
  /** Widths of the encoder's hidden layers, input side first; the decoder mirrors them. A single width n given to `create` means [n]. */
  hiddenUnits: number[];
  /** Passes over the training rows. */
  epochs: number;
  /** Rows per gradient step (≥ 1; default 128). */
  batchSize: number;
  /** Adam step size. */
  learningRate: number;
  /** Observation model p(x | z): `gaussian` (default), `bernoulli`, `poisson` or `negative-binomial`. */
  likelihood: LikelihoodKind;
  /** Weight of the KL term (β-VAE); 1 gives the ELBO. */
  beta: number;
  /** Registry key of the gradient estimator for the latent samples (a built-in one, or a registered estimator plugin). */
  estimator: string;
  /** Epochs over which the KL weight rises linearly from 0 to β (0: none). */
  klWarmupEpochs: number;
  /** Latent samples per row in training (particles); `estimators/leave-one-out` needs at least 2. */
  nParticles: number;
  /** Importance samples of the IWAE bound reported by `scores` (0: not reported). */
  iwaeSamples: number;
}

/** Hyperparameters of the models of this package with one latent vector of `latentDim` dimensions. */
export interface VaeCommonParams extends VaeTrainingParams {
  /** Number of latent dimensions K. */
  latentDim: number;
}

/** The likelihoods every model of this package offers. */
export const LIKELIHOODS: readonly LikelihoodKind[] = ['gaussian', 'bernoulli', 'poisson', 'negative-binomial'];

/** Spec of `hiddenUnits`: positive layer widths as a JSON array, e.g. `[256]` or `[50, 50]`; one width `256` means `[256]`. */
export const hiddenUnitsSpec: ParamSpec = intList({
  min: 1,
  minItems: 1,
  acceptsScalar: true,
  example: [256, 128],
  description: 'Hidden layer widths of the encoder, input side first (one width, e.g. 256, or a JSON array, e.g. [256, 128]); the decoder mirrors them.',
});

/**
 * Parameter specs of {@link VaeCommonParams}; `estimators` lists the built-in estimators the model accepts (the others
 * of {@link BUILTIN_ESTIMATORS} are refused); the key of any other estimator plugin is accepted, and `inference/vi`
 * checks when fitting that it is registered and can sample the model's latents.
 */
export function commonParamSpecs(estimators: readonly string[]): ParamSpecs<VaeCommonParams> {
  return {
    latentDim: int({ min: 1, description: 'Number of latent dimensions.' }),
    hiddenUnits: hiddenUnitsSpec,
    epochs: int({ min: 1, description: 'Passes over the training rows.' }),
    batchSize: int({ min: 1, description: 'Rows per gradient step.' }),
    learningRate: real({ exclusiveMin: 0, description: 'Adam step size.' }),
    likelihood: oneOf(LIKELIHOODS, { description: 'Observation model p(x | z).' }),
    beta: real({ min: 0, description: 'Weight of the KL term (1: the ELBO; > 1: beta-VAE).' }),
    estimator: registryKey({
      choices: estimators,
      exclude: BUILTIN_ESTIMATORS.filter((e) => !estimators.includes(e)),
      description: 'Gradient estimator for the latent samples (or an estimator plugin registered beside inference/vi).',
    }),
    klWarmupEpochs: int({ min: 0, description: 'Epochs over which the KL weight rises linearly from 0 to beta.' }),
    nParticles: int({ min: 1, description: 'Latent samples per row in training (estimators/leave-one-out needs >= 2).' }),
    iwaeSamples: int({ min: 0, description: 'Importance samples for the IWAE bound in scores (0: off).' }),
  };
}

/** Defaults shared by the Gaussian-latent VAEs. */
export const commonDefaults: VaeCommonParams = {
  latentDim: 10,
  hiddenUnits: [256],
  epochs: 50,
  batchSize: 128,
  learningRate: 1e-3,
  likelihood: 'gaussian',
  beta: 1,
  estimator: 'estimators/reparam',
  klWarmupEpochs: 0,
  nParticles: 1,
  iwaeSamples: 0,
};

/** The gradient estimators built into `inference/vi` (models cannot import the inference package to ask it). */
export const BUILTIN_ESTIMATORS = [
  'estimators/reparam',
  'estimators/score-function',
  'estimators/leave-one-out',
  'estimators/straight-through',
  'estimators/gumbel-softmax',
] as const;

/** Gradient estimators (of `inference/vi`) that can sample Gaussian latents. */
export const GAUSSIAN_ESTIMATORS = ['estimators/reparam', 'estimators/score-function', 'estimators/leave-one-out'] as const;

/** Gradient estimators that can sample Bernoulli and categorical latents. */
export const DISCRETE_ESTIMATORS = [
  'estimators/gumbel-softmax',
  'estimators/straight-through',
  'estimators/score-function',
  'estimators/leave-one-out',
] as const;

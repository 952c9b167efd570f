import { int, oneOf, real, type ParamSpec, type ParamSpecs } from '@latentkit/registry';
import type { LikelihoodKind } from './likelihood.js';

/** Hyperparameters shared by every model of this package (the names are relied on by the CLI and docs). */
export interface VaeCommonParams {
  /** Number of latent dimensions K. */
  latentDim: number;
  /** Widths of the encoder's hidden layers, input side first; the decoder mirrors them. */
  hiddenUnits: number[];
  /** Passes over the training rows. */
  epochs: number;
  batchSize: number;
  /** Adam step size. */
  learningRate: number;
  likelihood: LikelihoodKind;
  /** Weight of the KL term (β-VAE); 1 gives the ELBO. */
  beta: number;
  /** Registry key of the gradient estimator for the latent samples. */
  estimator: string;
  /** Epochs over which the KL weight rises linearly from 0 to β (0: none). */
  klWarmupEpochs: number;
  /** Latent samples per row in training (particles); `estimators/leave-one-out` needs at least 2. */
  nParticles: number;
  /** Importance samples of the IWAE bound reported by `scores` (0: not reported). */
  iwaeSamples: number;
}

const LIKELIHOODS: readonly LikelihoodKind[] = ['gaussian', 'bernoulli', 'poisson', 'negative-binomial'];

/** Spec of `hiddenUnits`: a JSON array of positive layer widths, e.g. `[256]` or `[50, 50]`. */
export const hiddenUnitsSpec: ParamSpec = {
  type: 'array',
  items: { type: 'integer', minimum: 1 },
  minItems: 1,
  description: 'Hidden layer widths of the encoder, input side first (JSON array, e.g. [256]); the decoder mirrors them.',
};

/** Parameter specs of {@link VaeCommonParams}; `estimators` lists the estimators the model accepts. */
export function commonParamSpecs(estimators: readonly string[]): ParamSpecs<VaeCommonParams> {
  return {
    latentDim: int({ min: 1, description: 'Number of latent dimensions.' }),
    hiddenUnits: hiddenUnitsSpec,
    epochs: int({ min: 1, description: 'Passes over the training rows.' }),
    batchSize: int({ min: 1, description: 'Rows per gradient step.' }),
    learningRate: real({ exclusiveMin: 0, description: 'Adam step size.' }),
    likelihood: oneOf(LIKELIHOODS, { description: 'Observation model p(x | z).' }),
    beta: real({ min: 0, description: 'Weight of the KL term (1: the ELBO; > 1: beta-VAE).' }),
    estimator: oneOf(estimators, { description: 'Gradient estimator for the latent samples.' }),
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

/** Gradient estimators (of `inference/vi`) that can sample Gaussian latents. */
export const GAUSSIAN_ESTIMATORS = ['estimators/reparam', 'estimators/score-function', 'estimators/leave-one-out'] as const;

/** Gradient estimators that can sample Bernoulli and categorical latents. */
export const DISCRETE_ESTIMATORS = [
  'estimators/gumbel-softmax',
  'estimators/straight-through',
  'estimators/score-function',
  'estimators/leave-one-out',
] as const;

import { int, oneOf, real, registryKey, type ParamSpecs } from '@latentkit/registry';
import { estimatorKey } from '../estimators/estimator-plugin.js';
import { estimatorPlugins } from '../estimators/estimator-plugins.js';

/**
 * The parameters of `inference/vi`: what means the same for every model it fits. A model sets its own defaults for
 * them (`ModelInstance.engineDefaults['inference/vi']`, e.g. a VAE's epochs and learning rate); callers override
 * them with `FitOptions.engineParams` or `--engine-set name=value`.
 */
export type ViParams = {
  /** Epochs (passes over the training rows): every driver iteration of `inference/vi` is one epoch. */
  readonly maxIter: number;
  /** Stop when the epoch objective changes by less (0: off; ignored with early stopping). */
  readonly tol: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: 'adam' | 'sgd';
  /** Learning rate of epoch e: constant lr; `step`: lr·γ^⌊e / lrStepSize⌋; `exponential`: lr·γ^e (torch's StepLR, ExponentialLR). */
  readonly lrSchedule: 'constant' | 'step' | 'exponential';
  readonly lrStepSize: number;
  /** γ of the step and exponential schedules. */
  readonly lrGamma: number;
  /** Weight β of the KL term the model applies through `ctx.klWeight` (β-VAE; 1: the ELBO). */
  readonly beta: number;
  /** Epochs W over which the KL weight rises linearly, per minibatch step, from 0 to β (0: none). */
  readonly klWarmupEpochs: number;
  /** Latent samples per row (particles). */
  readonly nParticles: number;
  /** Registry key of the gradient estimator (a built-in one or a registered estimator plugin). */
  readonly estimator: string;
  /** Gumbel-softmax temperature τ_t = max(temperatureMin, temperatureInitial·e^{−temperatureRate·t}) at minibatch step t. */
  readonly temperatureInitial: number;
  readonly temperatureMin: number;
  readonly temperatureRate: number;
  /** Share of the rows held out (seeded) for early stopping on their ELBO (0: off). */
  readonly validationFraction: number;
  /** Epochs without a better held-out ELBO before early stopping ends the run. */
  readonly patience: number;
};

/** Parameter specs of `inference/vi` (see {@link ViParams}). */
export const viParamSpecs: ParamSpecs<ViParams> = {
  maxIter: int({ min: 1, description: 'Epochs: passes over the training rows.' }),
  tol: real({ min: 0, description: 'Stop when the epoch objective changes by less than this (0: run every epoch; ignored with early stopping).' }),
  batchSize: int({ min: 1, description: 'Rows per gradient step.' }),
  learningRate: real({ exclusiveMin: 0, description: 'Step size of the optimiser.' }),
  optimizer: oneOf(['adam', 'sgd'], { description: 'Adam (Kingma & Ba 2015) or plain stochastic gradient descent.' }),
  lrSchedule: oneOf(['constant', 'step', 'exponential'], {
    description: 'Learning rate per epoch e: constant; step: lr*lrGamma^floor(e/lrStepSize); exponential: lr*lrGamma^e.',
  }),
  lrStepSize: int({ min: 1, description: 'Epochs between decays of the step schedule.' }),
  lrGamma: real({ exclusiveMin: 0, description: 'Decay factor of the step and exponential schedules.' }),
  beta: real({ min: 0, description: 'Weight of the KL term (1: the ELBO; > 1: beta-VAE).' }),
  klWarmupEpochs: real({ min: 0, description: 'Epochs over which the KL weight rises linearly from 0 to beta (0: none).' }),
  nParticles: int({ min: 1, description: 'Latent samples per row in training (estimators/leave-one-out needs >= 2).' }),
  estimator: registryKey({
    choices: estimatorPlugins.map(estimatorKey),
    description: 'Gradient estimator for the latent samples (or a registered estimator plugin).',
  }),
  temperatureInitial: real({ exclusiveMin: 0, description: 'Initial Gumbel-softmax temperature.' }),
  temperatureMin: real({ exclusiveMin: 0, description: 'Floor of the Gumbel-softmax temperature.' }),
  temperatureRate: real({ min: 0, description: 'Exponential annealing rate of the temperature per minibatch step.' }),
  validationFraction: real({ min: 0, exclusiveMax: 1, description: 'Share of rows held out for early stopping on their ELBO (0: off).' }),
  patience: int({ min: 1, description: 'Epochs without improvement of the held-out ELBO before stopping.' }),
};

/** Defaults of `inference/vi`: 100 epochs of Adam at 10⁻³ on minibatches of 128 with the reparameterisation estimator. */
export const viDefaults: ViParams = {
  maxIter: 100,
  tol: 0,
  batchSize: 128,
  learningRate: 1e-3,
  optimizer: 'adam',
  lrSchedule: 'constant',
  lrStepSize: 10,
  lrGamma: 0.1,
  beta: 1,
  klWarmupEpochs: 0,
  nParticles: 1,
  estimator: 'estimators/reparam',
  temperatureInitial: 1,
  temperatureMin: 0.5,
  temperatureRate: 1e-4,
  validationFraction: 0,
  patience: 10,
};

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
  /** Rows per gradient step (≥ 1; default 128). */
  readonly batchSize: number;
  /** Step size lr of the optimiser (> 0; default 1e-3), before the schedule. */
  readonly learningRate: number;
  /** `adam` (Kingma & Ba 2015; default) or plain stochastic gradient descent `sgd`. */
  readonly optimizer: 'adam' | 'sgd';
  /** Learning rate of epoch e: constant lr; `step`: lr·γ^⌊e / lrStepSize⌋; `exponential`: lr·γ^e (torch's StepLR, ExponentialLR). */
  readonly lrSchedule: 'constant' | 'step' | 'exponential';
  /** Epochs between decays of the `step` schedule (≥ 1; default 10). */
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
  /** Floor of the Gumbel-softmax temperature (> 0; default 0.5). */
  readonly temperatureMin: number;
  /** Exponential annealing rate of the temperature per minibatch step (≥ 0; default 1e-4). */
  readonly temperatureRate: number;
  /** Share of the rows held out (seeded) for early stopping on their ELBO (0: off). */
  readonly validationFraction: number;
  /** Epochs without a better held-out ELBO before early stopping ends the run. */
  readonly patience: number;
  /**
   * How several objectives are trained (`ViTerms.objectives`): 'weighted' minimises the model's own `loss`; 'mgda'
   * takes the min-norm (MGDA) combination of the tasks' gradients on the shared variables; 'constrained' minimises
   * Σ_k L_k + λR with the multiplier λ ≥ 0 updated by dual ascent so that R ≤ `constraintBound`.
   */
  readonly training: 'weighted' | 'mgda' | 'constrained';
  /** With 'mgda': a variable of one task only gets that task's gradient ('own') or α_k times it ('scaled'). */
  readonly taskSpecificGrad: 'own' | 'scaled';
  /** With 'constrained': the bound ε of R ≤ ε, in the units of the model's constraint R. */
  readonly constraintBound: number;
  /** With 'constrained': the dual step size η_λ. */
  readonly dualLearningRate: number;
  /** With 'constrained': λ ← max(0, λ + η_λ(R̄ − ε)) ('additive') or λ·exp(η_λ(R̄ − ε)) ('multiplicative', GECO). */
  readonly dualUpdate: 'additive' | 'multiplicative';
  /** With 'constrained': ρ of the moving average R̄ ← ρR̄ + (1 − ρ)R of the constraint (0: none). */
  readonly constraintSmoothing: number;
  /** With 'constrained': the multiplier λ at the first step. */
  readonly initialMultiplier: number;
  /**
   * Streamed fits only (`fit --stream`): minibatches held by the seeded shuffle buffer through which each epoch reads
   * the file (`shuffleBuffer × batchSize` rows; approximate shuffling, see `shuffledBatches` of `@latentkit/core`).
   */
  readonly shuffleBuffer: number;
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
  training: oneOf(['weighted', 'mgda', 'constrained'], {
    description:
      "Several objectives: 'weighted' minimises the model's loss; 'mgda' the min-norm combination of the tasks' gradients (multiple-gradient descent); 'constrained' the tasks' losses subject to the model's constraint <= constraintBound (primal-dual Lagrangian).",
  }),
  taskSpecificGrad: oneOf(['own', 'scaled'], {
    description: "With training 'mgda': a variable of one task gets its task's gradient ('own') or the task's MGDA weight times it ('scaled').",
  }),
  constraintBound: real({ description: "With training 'constrained': the bound epsilon of the constraint R <= epsilon." }),
  dualLearningRate: real({ min: 0, description: "With training 'constrained': step size of the Lagrange multiplier's update." }),
  dualUpdate: oneOf(['additive', 'multiplicative'], {
    description:
      "With training 'constrained': lambda <- max(0, lambda + eta*(R - epsilon)) ('additive') or lambda*exp(eta*(R - epsilon)) ('multiplicative', GECO).",
  }),
  constraintSmoothing: real({
    min: 0,
    exclusiveMax: 1,
    description: "With training 'constrained': rho of the moving average of the constraint R used by the multiplier's update (0: none).",
  }),
  initialMultiplier: real({ min: 0, description: "With training 'constrained': the Lagrange multiplier at the first step (> 0 for 'multiplicative')." }),
  shuffleBuffer: int({
    min: 1,
    description:
      'Streamed fits (--stream): minibatches held by the seeded shuffle buffer each epoch reads the file through (shuffleBuffer*batchSize rows; approximate shuffling: more mixes more rows, at that many rows of memory).',
  }),
};

/**
 * Defaults of `inference/vi`: 100 epochs of Adam at 10⁻³ on minibatches of 128 with the reparameterisation estimator,
 * training the model's weighted loss (with 'constrained': ε = 0.1, η_λ = 0.01, additive, ρ = 0.99, λ₀ = 1); a streamed fit
 * shuffles through a buffer of 10 minibatches.
 */
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
  training: 'weighted',
  taskSpecificGrad: 'own',
  constraintBound: 0.1,
  dualLearningRate: 0.01,
  dualUpdate: 'additive',
  constraintSmoothing: 0.99,
  initialMultiplier: 1,
  shuffleBuffer: 10,
};

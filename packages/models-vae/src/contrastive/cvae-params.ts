import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';
import { commonDefaults, commonParamSpecs, type VaeTrainingParams } from '../common/vae-params.js';

/** Prior of each latent block: N(0, I), or a Gaussian mixture with learned components. */
export type CvaePrior = 'gaussian' | 'mixture';
/** Penalty against leakage between the blocks (see `cvae-regularizers.ts`). */
export type CvaeRegularizer = 'none' | 'wasserstein' | 'mmd' | 'hsic';
/** How `inference/vi` combines the objectives: one weighted loss, MGDA over the two groups, or a constraint R ≤ ε. */
export type CvaeTraining = 'weighted' | 'mgda' | 'constrained';
/**
 * With more than one target group: one salient block t that every target group shares ('shared'), or a block t_g
 * per target group ('per-group'). See {@link cvae} for which to use.
 */
export type CvaeSalientBlocks = 'shared' | 'per-group';

/** Hyperparameters of `contrastive/cvae`. */
export interface CvaeParams extends VaeTrainingParams {
  /** Dimension of the shared latents z (both groups). */
  sharedDim: number;
  /** Dimension of the salient latents t (target groups only). */
  salientDim: number;
  /** Prior of each latent block: `gaussian` N(0, I) (default) or `mixture`, a learned Gaussian mixture. */
  prior: CvaePrior;
  /** Components of each block's mixture prior (with `prior: 'mixture'`). */
  priorComponents: number;
  /** Leakage penalty R between z and t: `none` (default), `wasserstein`, `mmd` or `hsic`. */
  regularizer: CvaeRegularizer;
  /** Weight λ of the regulariser in the weighted and MGDA schemes. */
  regularizerWeight: number;
  /** How the objectives are combined: `weighted` (−ELBO + λR, default), `mgda` or `constrained` (R ≤ ε). */
  training: CvaeTraining;
  /** ε of the constrained scheme: R is kept ≤ ε. */
  constraintBound: number;
  /** The value of the group column that marks background rows; every other value is a target group. */
  background: string;
  /** One salient block shared by the target groups, or one block per target group. */
  salientBlocks: CvaeSalientBlocks;
}

/** Parameter specs of {@link CvaeParams}; the latent sizes replace `latentDim`, and only the reparameterisation estimator is offered. */
export const cvaeParamSpecs: ParamSpecs<CvaeParams> = (() => {
  const { latentDim: _unused, ...common } = commonParamSpecs(['estimators/reparam']);
  return {
    ...common,
    sharedDim: int({ min: 1, description: 'Dimension of the shared latents z (background and target rows).' }),
    salientDim: int({ min: 1, description: 'Dimension of the salient latents t (target rows; zeroed for background rows before decoding).' }),
    prior: oneOf(['gaussian', 'mixture'], { description: 'Prior of each block: N(0, I) or a learned Gaussian mixture (component identifiability).' }),
    priorComponents: int({ min: 1, description: 'Components of each block mixture prior (prior=mixture).' }),
    regularizer: oneOf(['none', 'wasserstein', 'mmd', 'hsic'], {
      description: 'Leakage penalty R: none, wasserstein (contrastiveVI), mmd (MM-cVAE) or hsic (z independent of t on target rows).',
    }),
    regularizerWeight: real({ min: 0, description: 'Weight of R in the weighted and mgda schemes.' }),
    training: oneOf(['weighted', 'mgda', 'constrained'], {
      description: 'weighted: -ELBO + weight*R; mgda: min-norm over background and target; constrained: -ELBO s.t. R <= constraintBound.',
    }),
    constraintBound: real({ min: 0, description: 'Bound epsilon on R in the constrained scheme (units of R).' }),
    background: {
      type: 'string',
      pattern: '\\S',
      examples: ['background', 'control'],
      description: 'Group value of the background rows; every other value is a target group.',
    },
    salientBlocks: oneOf(['shared', 'per-group'], {
      description: 'Target groups share one salient block t (shared) or each has its own block t_g (per-group).',
    }),
  };
})();

/** Defaults of `contrastive/cvae` (contrastiveVI's sizes: 10 + 10 latents, 128 hidden units, batch 128). */
export const cvaeDefaults: CvaeParams = {
  ...(({ latentDim: _unused, ...rest }) => rest)(commonDefaults),
  hiddenUnits: [128],
  sharedDim: 10,
  salientDim: 10,
  prior: 'gaussian',
  priorComponents: 3,
  regularizer: 'none',
  regularizerWeight: 1,
  training: 'weighted',
  constraintBound: 0.1,
  background: 'background',
  salientBlocks: 'shared',
};

/**
 * The model's defaults for the multi-objective parameters of `inference/vi`: its `training` scheme and, for
 * 'constrained', the bound ε (`constraintBound`); `--engine-set` overrides them.
 */
export function cvaeEngineDefaults(params: CvaeParams): Readonly<Record<string, unknown>> {
  return { training: params.training, ...(params.training === 'constrained' && { constraintBound: params.constraintBound }) };
}

import { bool, int, intList, numberMatrix, oneOf, real, realList, stringMap, type ParamSpecs, type SaemSampler } from '@latentkit/registry';
import { DDE_FAMILIES, type DdeFamily } from './dde-state.js';

/** Hyperparameters of `dde/dde`. */
export interface DdeParams {
  /** Latent layer widths bottom-up, K_1 > K_2 > … (e.g. `[6, 2]`), or `'auto'` to choose them by the spectral gap. */
  readonly layers: readonly number[] | 'auto';
  /** Family of every observed column, unless `likelihoods` names it. */
  readonly likelihood: DdeFamily;
  /** Family per column name, overriding `likelihood` (mixed responses sharing A^(1)); `null`: none. */
  readonly likelihoods: Readonly<Record<string, DdeFamily>> | null;
  /** Initialisation: the layer-wise double-SVD spectral initialiser, or random parameters. */
  readonly init: 'spectral' | 'random';
  /** TLP penalty λ per layer (bottom-up) or one value for all; `'auto'`: N^{1/4} (ALGORITHMS.md §2.6). */
  readonly lambda: readonly number[] | 'auto';
  /** TLP threshold τ per layer or one value; `'auto'`: 3·N^{−0.3}. */
  readonly tau: readonly number[] | 'auto';
  /** Draws C per SAEM simulation step. */
  readonly samples: number;
  /** SAEM simulation step: systematic-scan Gibbs, or the reference code's synchronous update. */
  readonly sampler: SaemSampler;
  /** Maximum number of SAEM (or EM) iterations (≥ 1; default 50). */
  readonly maxIter: number;
  /** Stopping tolerance on the change of the parameters; `null`: the sampler's default (see `dde`). */
  readonly tol: number | null;
  /** A fixed 0/1 graph G^(1) (J × K_1) for a confirmatory fit; `null`: estimated. */
  readonly confirmatoryGraph: readonly (readonly number[])[] | null;
  /** Constrain the slopes of Normal columns and of deeper layers to be ≥ 0 (the TIMSS confirmatory fit). */
  readonly nonNegative: boolean;
  /** Clipping ε of the spectral initialiser before the inverse link. */
  readonly epsilon: number;
  /** The grid and centring of `layers: 'auto'`: the simulation scripts' or the real-data scripts' (ALGORITHMS.md §2.9.9). */
  readonly selection: 'simulation' | 'real-data';
  /** Largest number of joint latent states 2^(ΣK) that exact EM (`inference/em`) and the exact log-likelihood enumerate. */
  readonly maxStates: number;
}

/** Parameter specs of `dde/dde`. */
export const ddeParamSpecs: ParamSpecs<DdeParams> = {
  layers: intList({
    min: 1,
    minItems: 1,
    keywords: ['auto'],
    example: [6, 2],
    description: 'Latent layer widths bottom-up, each narrower than the one below',
  }),
  likelihood: oneOf(DDE_FAMILIES, { description: 'Family of the observed columns' }),
  likelihoods: stringMap(DDE_FAMILIES, {
    description: 'Family per column name (mixed responses)',
    example: { correct: 'bernoulli', time: 'normal' },
  }),
  init: oneOf(['spectral', 'random'] as const, { description: 'Initialisation' }),
  lambda: realList({ exclusiveMin: 0, acceptsScalar: true, keywords: ['auto'], description: 'TLP penalty per layer, or one for all' }),
  tau: realList({ exclusiveMin: 0, acceptsScalar: true, keywords: ['auto'], description: 'TLP threshold per layer, or one for all' }),
  samples: int({ min: 1, description: 'Draws per SAEM simulation step' }),
  sampler: oneOf(['gibbs', 'reference-jacobi'] as const, { description: 'SAEM simulation step' }),
  maxIter: int({ min: 1, description: 'Maximum SAEM (or EM) iterations' }),
  tol: real({ min: 0, description: 'Stopping tolerance on the parameter change' }),
  confirmatoryGraph: numberMatrix({ description: 'Fixed 0/1 graph of layer 1 (columns × K1)' }),
  nonNegative: bool({ description: 'Slopes of Normal columns and deeper layers ≥ 0' }),
  epsilon: real({ exclusiveMin: 0, max: 0.5, description: 'Spectral initialiser clipping' }),
  selection: oneOf(['simulation', 'real-data'] as const, { description: "Grid of layers: 'auto'" }),
  maxStates: int({ min: 2, description: 'Largest joint state count enumerated exactly' }),
};

/** Defaults of `dde/dde` (ALGORITHMS.md §2.6, §9.2). */
export const ddeDefaults: DdeParams = {
  layers: [6, 2],
  likelihood: 'bernoulli',
  likelihoods: null,
  init: 'spectral',
  lambda: 'auto',
  tau: 'auto',
  samples: 1,
  sampler: 'gibbs',
  maxIter: 50,
  tol: null,
  confirmatoryGraph: null,
  nonNegative: false,
  epsilon: 1e-4,
  selection: 'simulation',
  maxStates: 2 ** 16,
};

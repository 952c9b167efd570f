import { int, oneOf, real, type ParamSpecs, type SaemSampler } from '@latentkit/registry';
import { iterationSpecs, type IterationParams } from '../driver/common-params.js';

/** Parameters of `inference/saem`: the loop, the simulation step, the stopping rule and the step sizes. */
export type SaemParams = IterationParams & {
  /** How the simulation step draws the latents ({@link SaemSampler}). */
  readonly sampler: SaemSampler;
  /** Number of draws C per iteration whose statistics are averaged (C ≥ 1). */
  readonly samples: number;
  /** Fewest iterations before the change rule may stop the fit. */
  readonly minIter: number;
  /** Consecutive iterations with change ≤ tol needed to stop. */
  readonly patience: number;
  /** Iterations with step size 1 (the statistics replaced, not averaged) before the decreasing steps start. */
  readonly burnIn: number;
  /** Exponent α of the decreasing steps γ_t = (t − burnIn)^(−α). */
  readonly stepExponent: number;
};

/** Specs of {@link SaemParams}, validated by the registry. */
export const saemParamSpecs: ParamSpecs<SaemParams> = {
  ...iterationSpecs(
    'SAEM iterations per run',
    "Stop when the model's change between consecutive parameters (SaemTerms.change) is at most this on `patience` consecutive iterations.",
  ),
  sampler: oneOf(['gibbs', 'reference-jacobi'], {
    description:
      "Simulation step: 'gibbs' (systematic-scan Gibbs sweep, the default) or 'reference-jacobi' (all latents drawn at once, as the reference code).",
  }),
  samples: int({ min: 1, description: 'Draws C of the latents per iteration, their statistics averaged (default 1).' }),
  minIter: int({ min: 1, description: 'Fewest iterations before the change rule may stop the fit (default 1).' }),
  patience: int({ min: 1, description: 'Consecutive iterations with change <= tol needed to stop (default 1).' }),
  burnIn: int({ min: 0, description: 'Iterations with step size 1 before the steps (t - burnIn)^(-stepExponent) start (default 0).' }),
  stepExponent: real({
    exclusiveMin: 0,
    max: 1,
    description: 'Exponent of the step sizes (t - burnIn)^(-stepExponent); convergence needs a value in (0.5, 1] (default 1: gamma_t = 1/t).',
  }),
};

/** Defaults of {@link SaemParams}: γ_t = 1/t from t = 1 (the running mean of the reference code), one draw per iteration. */
export const saemDefaults: SaemParams = {
  maxIter: 50,
  tol: 1e-3,
  sampler: 'gibbs',
  samples: 1,
  minIter: 1,
  patience: 1,
  burnIn: 0,
  stepExponent: 1,
};

/**
 * Step size of SAEM iteration t = 1, 2, …: γ_t = 1 for t ≤ burnIn, then γ_t = (t − burnIn)^(−α) with α = stepExponent.
 *
 * With α = 1 and no burn-in γ_t = 1/t, so the running statistics s_t = (1 − γ_t)·s_{t−1} + γ_t·s̃_t are the mean of
 * every draw's statistics (the reference code). The stochastic-approximation conditions Σγ_t = ∞ and Σγ_t² < ∞
 * (Delyon, Lavielle & Moulines 1999) hold exactly for α ∈ (0.5, 1]; smaller α forgets faster but does not converge.
 * @example
 * ```ts
 * saemStepSize(3, { burnIn: 0, stepExponent: 1 }); // 1/3
 * saemStepSize(3, { burnIn: 2, stepExponent: 1 }); // 1
 * ```
 */
export function saemStepSize(t: number, schedule: Pick<SaemParams, 'burnIn' | 'stepExponent'>): number {
  return t <= schedule.burnIn ? 1 : Math.pow(t - schedule.burnIn, -schedule.stepExponent);
}

import type { RestoreInput } from '@latentkit/registry';
import type { CovarianceType } from '../gmm/gmm-params.js';
import { FittedBgm } from './bgm-fitted.js';
import type { BgmParams } from './bgm-params.js';
import type { BgmPriors } from './bgm-state.js';

/**
 * Rebuild a fitted Bayesian mixture from a saved model (`restore` of `mixture/bayesian-gmm`; files of format 1 and 2
 * hold the same state), checking every field of the state: the shapes agree with K and D; the
 * Dirichlet (or stick-breaking Beta) concentrations, mean precisions and the prior's scalars are positive; the Wishart
 * degrees of freedom exceed D − 1; the prior covariance and each of the K covariances are symmetric positive definite.
 * A violation is one line naming the field.
 */
export function restoreBgm({ params, state: saved, info, reader }: RestoreInput<BgmParams>): FittedBgm {
  const { fail, numbers, matrixRows, finite, positive, spd } = reader;
  const positiveScalar = (v: unknown, what: string): number => {
    const x = finite(v, what);
    return x > 0 ? x : fail(`${what} is ${x}; expected a positive number`);
  };
  const s = saved as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const k = s.k as number;
  const d = s.d as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) fail('state.k and state.d must be positive integers');
  if (info.data.nCols !== d) fail(`data.nCols (${info.data.nCols}) does not match state.d (${d})`);
  const p = s.priors as Record<string, unknown>;
  if (!p || typeof p !== 'object') fail('state.priors is missing');
  const priorType = p.weightConcentrationPriorType;
  if (priorType !== 'dirichlet_process' && priorType !== 'dirichlet_distribution')
    fail("state.priors.weightConcentrationPriorType must be 'dirichlet_process' or 'dirichlet_distribution'");
  const priors: BgmPriors = {
    weightConcentrationPriorType: priorType as BgmPriors['weightConcentrationPriorType'],
    weightConcentration: positiveScalar(p.weightConcentration, 'state.priors.weightConcentration'),
    meanPrecision: positiveScalar(p.meanPrecision, 'state.priors.meanPrecision'),
    mean: Float64Array.from(numbers(p.mean, d, 'state.priors.mean')),
    degreesOfFreedom: finite(p.degreesOfFreedom, 'state.priors.degreesOfFreedom'),
    covariance: Float64Array.from(matrixRows(p.covariance, d, d, 'state.priors.covariance')),
  };
  const dp = priorType === 'dirichlet_process';
  if (dp !== Array.isArray(s.concentrationB)) fail(`state.concentrationB must be ${dp ? `${k} numbers` : 'null'} for ${priorType}`);
  const covariances = Float64Array.from(
    (Array.isArray(s.covariances) && s.covariances.length === k ? (s.covariances as unknown[]) : fail(`state.covariances must have ${k} matrices`)).flatMap(
      (m, c) => matrixRows(m, d, d, `state.covariances[${c}]`),
    ),
  );
  spd(priors.covariance, d, 'state.priors.covariance');
  if (!(priors.degreesOfFreedom > d - 1)) fail(`state.priors.degreesOfFreedom is ${priors.degreesOfFreedom}; expected more than D − 1 = ${d - 1}`);
  for (let c = 0; c < k; c++) spd(covariances.subarray(c * d * d, (c + 1) * d * d), d, `state.covariances[${c}]`);
  const state = {
    k,
    d,
    covarianceType: (params.covarianceType ?? 'full') as CovarianceType,
    priors,
    concentrationA: Float64Array.from(positive(s.concentrationA, k, 'state.concentrationA')),
    concentrationB: dp ? Float64Array.from(positive(s.concentrationB, k, 'state.concentrationB')) : null,
    meanPrecision: Float64Array.from(positive(s.meanPrecision, k, 'state.meanPrecision')),
    degreesOfFreedom: Float64Array.from(degreesOfFreedom(numbers(s.degreesOfFreedom, k, 'state.degreesOfFreedom'), d, fail)),
    means: Float64Array.from(matrixRows(s.means, k, d, 'state.means')),
    covariances,
  };
  return new FittedBgm(params, state, info, typeof s.lowerBound === 'number' ? s.lowerBound : Number.NaN);
}

/** Wishart degrees of freedom must exceed D − 1 for the distribution (and its expected log-determinant) to exist. */
function degreesOfFreedom(nu: number[], d: number, fail: (what: string) => never): number[] {
  const i = nu.findIndex((v) => !(v > d - 1));
  if (i >= 0) fail(`state.degreesOfFreedom[${i}] is ${nu[i]}; expected more than D − 1 = ${d - 1}`);
  return nu;
}

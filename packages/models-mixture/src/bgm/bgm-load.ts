import { validateParams, type SavedModel } from '@latentkit/registry';
import type { CovarianceType } from '../gmm/gmm-params.js';
import { BGM_KEY, FittedBgm } from './bgm-fitted.js';
import { bgmDefaults, bgmParamSpecs } from './bgm-params.js';
import type { BgmPriors } from './bgm-state.js';

const fail = (what: string): never => {
  throw new Error(`${BGM_KEY} model file: ${what}`);
};

function numbers(v: unknown, len: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) fail(`${what} must be ${len} finite numbers`);
  return v as number[];
}

function matrixRows(v: unknown, r: number, c: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== r) fail(`${what} must have ${r} rows`);
  return (v as unknown[]).flatMap((row, i) => numbers(row, c, `${what}[${i}]`));
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a finite number`);
  return v as number;
}

/** Rebuild a fitted Bayesian mixture from `toJSON()` output, checking every shape. */
export function loadBgm(saved: SavedModel): FittedBgm {
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const k = s.k as number;
  const d = s.d as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) fail('state.k and state.d must be positive integers');
  if (saved.data?.nCols !== d) fail(`data.nCols (${saved.data?.nCols}) does not match state.d (${d})`);
  const params = validateParams(BGM_KEY, bgmParamSpecs, bgmDefaults, saved.params as Record<string, unknown>);
  const p = s.priors as Record<string, unknown>;
  if (!p || typeof p !== 'object') fail('state.priors is missing');
  const priorType = p.weightConcentrationPriorType;
  if (priorType !== 'dirichlet_process' && priorType !== 'dirichlet_distribution')
    fail("state.priors.weightConcentrationPriorType must be 'dirichlet_process' or 'dirichlet_distribution'");
  const priors: BgmPriors = {
    weightConcentrationPriorType: priorType as BgmPriors['weightConcentrationPriorType'],
    weightConcentration: finite(p.weightConcentration, 'state.priors.weightConcentration'),
    meanPrecision: finite(p.meanPrecision, 'state.priors.meanPrecision'),
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
  const state = {
    k,
    d,
    covarianceType: (params.covarianceType ?? 'full') as CovarianceType,
    priors,
    concentrationA: Float64Array.from(numbers(s.concentrationA, k, 'state.concentrationA')),
    concentrationB: dp ? Float64Array.from(numbers(s.concentrationB, k, 'state.concentrationB')) : null,
    meanPrecision: Float64Array.from(numbers(s.meanPrecision, k, 'state.meanPrecision')),
    degreesOfFreedom: Float64Array.from(numbers(s.degreesOfFreedom, k, 'state.degreesOfFreedom')),
    means: Float64Array.from(matrixRows(s.means, k, d, 'state.means')),
    covariances,
  };
  return new FittedBgm(params, state, {
    engine: saved.fit.engine,
    seed: saved.fit.seed,
    iterations: saved.fit.iterations,
    converged: saved.fit.converged,
    seconds: saved.fit.seconds,
    trace: saved.fit.trace,
    columns: saved.data.columns,
    nRows: saved.data.nRows,
    ...(saved.data.source && { source: saved.data.source }),
    lowerBound: typeof s.lowerBound === 'number' ? s.lowerBound : Number.NaN,
  });
}

import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { centredBlock, type GmmData } from './gmm-data.js';
import { gmmMStep, projectCovariances } from './gmm-mstep.js';
import type { GmmInit, GmmParams } from './gmm-params.js';
import { centredStats, ROW_BLOCK, type GmmStats } from './gmm-stats.js';
import type { GmmState } from './gmm-state.js';
import { kmeansPlusPlus, lloyd, nearestCentre } from './kmeans.js';

/** The hyperparameters that choose the initial responsibilities (shared with `mixture/bayesian-gmm`). */
export interface InitSettings {
  readonly nComponents: number;
  readonly initParams: GmmInit;
  readonly meansInit: number[][] | null;
}

/**
 * Sufficient statistics of the initial responsibilities, as scikit-learn builds them before its first M-step:
 * - `meansInit` given: one-hot assignment of each row to its nearest given mean (ties to the lower index);
 * - `kmeans`: k-means++ seeding followed by Lloyd iterations; responsibilities are the one-hot k-means labels;
 * - `k-means++`: the seeding alone; one-hot assignment to the nearest seed;
 * - `random`: responsibilities drawn uniformly and normalised per row.
 * With missing cells, these run on the rows with each missing cell replaced by its column's observed mean.
 * There is no previous mean to shift by, so the statistics take two passes (`centredStats`): weighted means first,
 * then moments about them.
 */
export function initialStats(settings: InitSettings, data: GmmData, rng: Rng, who: string): GmmStats {
  const k = settings.nComponents;
  const { n, d } = data;
  if (n < k) throw new Error(`${who}: nComponents=${k} is more than the ${n} rows of the data`);
  const values = data.imputed ?? data.values;
  // With missing cells, k-means runs on the imputed rows, uploaded block by block for the initialisation only; so do
  // the rows when the E-step's blocks live on worker threads (`withThreads`), the same float32 blocks as `data.blocks`.
  const blocks = data.imputed
    ? rowBlocks(data.imputed, n, d, data.center)
    : data.blocks.length > 0 || data.nComplete === 0
      ? data.blocks
      : rowBlocks(data.values, n, d, data.center);
  let resp: Float32Array | Int32Array;
  try {
    if (settings.meansInit) {
      checkMeansInit(settings.meansInit, k, d, who);
      const centred = new Float64Array(k * d);
      settings.meansInit.forEach((row, c) => row.forEach((v, j) => (centred[c * d + j] = v - data.center[j])));
      resp = nearestCentre(blocks, centred, k);
    } else if (settings.initParams === 'random') {
      resp = normalisedRows(rng.fillUniform(new Float32Array(n * k)), n, k);
    } else {
      const seeds = kmeansPlusPlus(values, n, d, k, rng);
      for (let i = 0; i < seeds.length; i++) seeds[i] -= data.center[i % d];
      resp = settings.initParams === 'k-means++' ? nearestCentre(blocks, seeds, k) : lloyd(blocks, values, data.center, seeds, k);
    }
  } finally {
    if (blocks !== data.blocks) tf.dispose(blocks as tf.Tensor2D[]);
  }
  return centredStats(resp, k, values, data.center);
}

/** All N rows of `values` centred at `center`, with a 1 appended, as float32 blocks of `ROW_BLOCK` rows (caller disposes). */
function rowBlocks(values: Float64Array, n: number, d: number, center: Float64Array): tf.Tensor2D[] {
  const out: tf.Tensor2D[] = [];
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, n - start);
    out.push(tf.tensor2d(centredBlock(values, null, start, size, d, center, true), [size, d + 1]));
  }
  return out;
}

/** Each row of `u` (N×K) divided by its sum, in float32 by tfjs, block by block (the same numbers as over all rows at once). */
function normalisedRows(u: Float32Array, n: number, k: number): Float32Array {
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, n - start);
    const r = tf.tidy(() => {
      const b = tf.tensor2d(u.subarray(start * k, (start + size) * k), [size, k]);
      return tf.div(b, tf.sum(b, 1, true));
    });
    u.set(r.dataSync(), start * k);
    r.dispose();
  }
  return u;
}

/**
 * Initial parameters of `mixture/gmm`.
 * - `warmStart`: exactly `weightsInit`, `meansInit` and `covariancesInit` (covariances projected on the type).
 * - Otherwise, as scikit-learn: one M-step on the initial responsibilities of {@link initialStats}, whose
 *   weights and covariances are then replaced by `weightsInit` / `covariancesInit` when given. With `meansInit`
 *   the means come from that M-step on the nearest-mean assignment, so the start is free of randomness
 *   (scikit-learn's `means_init` would also run k-means for the weights and covariances).
 */
export function gmmInit(params: GmmParams, data: GmmData, rng: Rng): GmmState {
  const { d } = data;
  const k = params.nComponents;
  if (params.warmStart) return warmStartState(params, d);
  // The initial covariances are checked unless covariancesInit replaces them.
  const state = gmmMStep(initialStats(params, data, rng, 'mixture/gmm'), params.covarianceType, params.regCovar, {
    check: !params.covariancesInit,
  });
  const weights = params.weightsInit ? checkWeights(params.weightsInit, k) : state.weights;
  const covariances = params.covariancesInit
    ? projectCovariances(checkCovariances(params.covariancesInit, k, d), weights, k, d, params.covarianceType)
    : state.covariances;
  return { ...state, weights, covariances };
}

function warmStartState(params: GmmParams, d: number): GmmState {
  const k = params.nComponents;
  const missing = (['weightsInit', 'meansInit', 'covariancesInit'] as const).filter((name) => !params[name]);
  if (missing.length) throw new Error(`mixture/gmm: warmStart=true needs weightsInit, meansInit and covariancesInit; missing ${missing.join(', ')}`);
  checkMeansInit(params.meansInit!, k, d, 'mixture/gmm');
  const weights = checkWeights(params.weightsInit!, k);
  const means = Float64Array.from(params.meansInit!.flat());
  const covariances = projectCovariances(checkCovariances(params.covariancesInit!, k, d), weights, k, d, params.covarianceType);
  return { k, d, covarianceType: params.covarianceType, weights, means, covariances };
}

function checkMeansInit(m: number[][], k: number, d: number, who: string): void {
  if (m.length !== k) throw new Error(`${who}: meansInit has ${m.length} rows but nComponents=${k}`);
  m.forEach((row, i) => {
    if (row.length !== d) throw new Error(`${who}: meansInit row ${i + 1} has ${row.length} numbers but the data has ${d} columns`);
  });
}

/** Weights as given, checked to be K non-negative numbers summing to 1 (within 1e-6), then renormalised. */
function checkWeights(w: number[], k: number): Float64Array {
  if (w.length !== k) throw new Error(`mixture/gmm: weightsInit has ${w.length} numbers but nComponents=${k}`);
  const sum = w.reduce((a, b) => a + b, 0);
  if (w.some((v) => !(v >= 0)) || Math.abs(sum - 1) > 1e-6)
    throw new Error(`mixture/gmm: weightsInit must be ${k} non-negative numbers summing to 1, got [${w.join(', ')}]`);
  return Float64Array.from(w, (v) => v / sum);
}

function checkCovariances(c: number[][][], k: number, d: number): Float64Array {
  if (c.length !== k) throw new Error(`mixture/gmm: covariancesInit has ${c.length} matrices but nComponents=${k}`);
  c.forEach((m, i) => {
    if (m.length !== d || m.some((row) => row.length !== d))
      throw new Error(`mixture/gmm: covariancesInit matrix ${i + 1} must be ${d}×${d} (the data has ${d} columns)`);
  });
  return Float64Array.from(c.flat(2));
}
